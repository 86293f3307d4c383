#include "core/textfix/encoding_detect.h"

#include "core/util/text_file.h"

#include <memory>
#include <uchardet/uchardet.h>

namespace lw::textfix {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool validUtf8Sample(std::string_view sample, bool wholeFile)
{
    const size_t bad = util::findInvalidUtf8(sample);
    if (bad == std::string_view::npos)
        return true;
    // A sequence cut by the sample's end (at most 3 bytes of a 4-byte character).
    return !wholeFile && sample.size() - bad < 4 && util::findInvalidUtf8(sample.substr(0, bad)) == std::string_view::npos;
}

} // namespace

EncodingGuess detectEncoding(std::string_view sample, bool wholeFile)
{
    // UTF-32 LE starts like UTF-16 LE; it is not among the encodings handled here.
    if (startsWith(sample, "\xEF\xBB\xBF"))
        return {"UTF-8", 3};
    if (startsWith(sample, "\xFF\xFE"))
        return {"UTF-16LE", 2};
    if (startsWith(sample, "\xFE\xFF"))
        return {"UTF-16BE", 2};
    if (validUtf8Sample(sample, wholeFile))
        return {"UTF-8", 0};
    std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(uchardet_new(), uchardet_delete);
    if (!detector || uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0)
        return {};
    uchardet_data_end(detector.get());
    const char* name = uchardet_get_charset(detector.get());
    const std::string guess = name ? name : "";
    // The sample is not UTF-8, whatever the detector makes of its ASCII part.
    if (guess == "ASCII" || guess == "UTF-8")
        return {};
    // As browsers do: text called Latin-1 is read as windows-1252, its superset in
    // everything but the C1 controls, so its quotes, dashes, € and œ survive.
    if (guess == "ISO-8859-1")
        return {"WINDOWS-1252", 0};
    return {guess, 0};
}

} // namespace lw::textfix
