#include "core/filter/stop_words.h"

namespace lw::filter {

namespace {

// Gopher's list (Rae et al. 2021, appendix A).
const std::vector<std::string_view> kEnglish = {"the", "be", "to", "of", "and", "that", "have", "with"};

// Vietnamese words are single syllables; these are the particles and function words that
// almost every sentence of running Vietnamese holds (and, of, is, have, not, get/be,
// plural markers, for, one, in, this, with, past tense, then, that).
const std::vector<std::string_view> kVietnamese = {"và",   "của", "là",   "có",   "không", "được",
                                                   "những", "các", "cho",  "một",  "trong", "này",
                                                   "với",  "đã",  "thì",  "người", "khi",  "để"};

} // namespace

const std::vector<std::string_view>* stopWordsFor(std::string_view languageCode)
{
    if (languageCode == "en")
        return &kEnglish;
    if (languageCode == "vi")
        return &kVietnamese;
    return nullptr;
}

const std::vector<std::string_view>& stopWordLanguages()
{
    static const std::vector<std::string_view> languages = {"en", "vi"};
    return languages;
}

} // namespace lw::filter
