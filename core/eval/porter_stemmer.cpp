#include "core/eval/porter_stemmer.h"

#include <unordered_map>
#include <vector>

namespace lw::eval {

namespace {

bool isConsonant(std::string_view w, size_t i)
{
    switch (w[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return false;
    case 'y':
        return i == 0 || !isConsonant(w, i - 1);
    default:
        return true;
    }
}

// m in [C](VC){m}[V]: the number of vowel-consonant boundaries.
int measure(std::string_view stem)
{
    int m = 0;
    for (size_t i = 1; i < stem.size(); ++i)
        if (!isConsonant(stem, i - 1) && isConsonant(stem, i))
            ++m;
    return m;
}

bool containsVowel(std::string_view stem)
{
    for (size_t i = 0; i < stem.size(); ++i)
        if (!isConsonant(stem, i))
            return true;
    return false;
}

bool endsWith(std::string_view w, std::string_view suffix)
{
    return w.size() >= suffix.size() && w.substr(w.size() - suffix.size()) == suffix;
}

bool endsDoubleConsonant(std::string_view w)
{
    return w.size() >= 2 && w[w.size() - 1] == w[w.size() - 2] && isConsonant(w, w.size() - 1);
}

// *o: the stem ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts
// a whole stem of vowel-consonant.
bool endsCvc(std::string_view w)
{
    const size_t n = w.size();
    if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && w[n - 1] != 'w' &&
        w[n - 1] != 'x' && w[n - 1] != 'y')
        return true;
    return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
}

enum class Condition { None, MeasureAbove0, MeasureAbove1, MeasureAbove1AndSOrT, MeasureOfWordLessTwoAbove0 };

struct Rule {
    std::string_view suffix, replacement;
    Condition condition;
};

bool holds(Condition c, std::string_view word, std::string_view stem)
{
    switch (c) {
    case Condition::None: return true;
    case Condition::MeasureAbove0: return measure(stem) > 0;
    case Condition::MeasureAbove1: return measure(stem) > 1;
    case Condition::MeasureAbove1AndSOrT: return measure(stem) > 1 && (stem.back() == 's' || stem.back() == 't');
    case Condition::MeasureOfWordLessTwoAbove0: return measure(word.substr(0, word.size() - 3)) > 0; // "logi": keep the l
    }
    return false;
}

// The first rule whose suffix matches decides; the word is unchanged if its condition fails.
std::string applyFirstMatching(const std::string& word, const std::vector<Rule>& rules)
{
    for (const Rule& rule : rules) {
        if (!endsWith(word, rule.suffix))
            continue;
        const std::string_view stem = std::string_view(word).substr(0, word.size() - rule.suffix.size());
        return holds(rule.condition, word, stem) ? std::string(stem) + std::string(rule.replacement) : word;
    }
    return word;
}

std::string step1a(const std::string& w)
{
    if (w.size() == 4 && endsWith(w, "ies"))
        return w.substr(0, 1) + "ie";
    return applyFirstMatching(w, {{"sses", "ss", Condition::None},
                                  {"ies", "i", Condition::None},
                                  {"ss", "ss", Condition::None},
                                  {"s", "", Condition::None}});
}

std::string step1b(const std::string& w)
{
    if (endsWith(w, "ied"))
        return w.size() == 4 ? w.substr(0, 1) + "ie" : w.substr(0, w.size() - 3) + "i";
    if (endsWith(w, "eed")) {
        const std::string stem = w.substr(0, w.size() - 3);
        return measure(stem) > 0 ? stem + "ee" : w;
    }
    std::string stem;
    if (endsWith(w, "ed") && containsVowel(std::string_view(w).substr(0, w.size() - 2)))
        stem = w.substr(0, w.size() - 2);
    else if (endsWith(w, "ing") && containsVowel(std::string_view(w).substr(0, w.size() - 3)))
        stem = w.substr(0, w.size() - 3);
    else
        return w;
    if (endsWith(stem, "at") || endsWith(stem, "bl") || endsWith(stem, "iz"))
        return stem + "e";
    if (endsDoubleConsonant(stem)) {
        const char last = stem.back();
        return last == 'l' || last == 's' || last == 'z' ? stem : stem.substr(0, stem.size() - 1);
    }
    if (measure(stem) == 1 && endsCvc(stem))
        return stem + "e";
    return stem;
}

std::string step1c(const std::string& w)
{
    if (endsWith(w, "y")) {
        const std::string_view stem = std::string_view(w).substr(0, w.size() - 1);
        if (stem.size() > 1 && isConsonant(stem, stem.size() - 1))
            return std::string(stem) + "i";
    }
    return w;
}

std::string step2(const std::string& w)
{
    if (endsWith(w, "alli") && measure(std::string_view(w).substr(0, w.size() - 4)) > 0)
        return step2(w.substr(0, w.size() - 4) + "al");
    const Condition m0 = Condition::MeasureAbove0;
    return applyFirstMatching(w, {{"ational", "ate", m0}, {"tional", "tion", m0},  {"enci", "ence", m0},
                                  {"anci", "ance", m0},   {"izer", "ize", m0},     {"bli", "ble", m0},
                                  {"entli", "ent", m0},   {"eli", "e", m0},        {"ousli", "ous", m0},
                                  {"ization", "ize", m0}, {"ation", "ate", m0},    {"ator", "ate", m0},
                                  {"alism", "al", m0},    {"iveness", "ive", m0},  {"fulness", "ful", m0},
                                  {"ousness", "ous", m0}, {"aliti", "al", m0},     {"iviti", "ive", m0},
                                  {"biliti", "ble", m0},  {"fulli", "ful", m0},
                                  {"logi", "log", Condition::MeasureOfWordLessTwoAbove0}});
}

std::string step3(const std::string& w)
{
    const Condition m0 = Condition::MeasureAbove0;
    return applyFirstMatching(w, {{"icate", "ic", m0}, {"ative", "", m0}, {"alize", "al", m0}, {"iciti", "ic", m0},
                                  {"ical", "ic", m0}, {"ful", "", m0}, {"ness", "", m0}});
}

std::string step4(const std::string& w)
{
    const Condition m1 = Condition::MeasureAbove1;
    return applyFirstMatching(w, {{"al", "", m1},   {"ance", "", m1}, {"ence", "", m1}, {"er", "", m1},
                                  {"ic", "", m1},   {"able", "", m1}, {"ible", "", m1}, {"ant", "", m1},
                                  {"ement", "", m1}, {"ment", "", m1}, {"ent", "", m1},
                                  {"ion", "", Condition::MeasureAbove1AndSOrT},
                                  {"ou", "", m1},   {"ism", "", m1},  {"ate", "", m1},  {"iti", "", m1},
                                  {"ous", "", m1},  {"ive", "", m1},  {"ize", "", m1}});
}

std::string step5a(const std::string& w)
{
    if (endsWith(w, "e")) {
        const std::string_view stem = std::string_view(w).substr(0, w.size() - 1);
        const int m = measure(stem);
        if (m > 1 || (m == 1 && !endsCvc(stem)))
            return std::string(stem);
    }
    return w;
}

std::string step5b(const std::string& w)
{
    if (endsWith(w, "ll") && measure(std::string_view(w).substr(0, w.size() - 1)) > 1)
        return w.substr(0, w.size() - 1);
    return w;
}

const std::unordered_map<std::string_view, std::string_view>& irregularForms()
{
    static const std::unordered_map<std::string_view, std::string_view> forms = {
        {"sky", "sky"},         {"skies", "sky"},        {"dying", "die"},     {"lying", "lie"},
        {"tying", "tie"},       {"news", "news"},        {"innings", "inning"}, {"inning", "inning"},
        {"outings", "outing"},  {"outing", "outing"},    {"cannings", "canning"}, {"canning", "canning"},
        {"howe", "howe"},       {"proceed", "proceed"},  {"exceed", "exceed"}, {"succeed", "succeed"},
    };
    return forms;
}

} // namespace

std::string porterStem(std::string_view word)
{
    const auto irregular = irregularForms().find(word);
    if (irregular != irregularForms().end())
        return std::string(irregular->second);
    if (word.size() <= 2)
        return std::string(word);
    return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(std::string(word)))))))));
}

} // namespace lw::eval
