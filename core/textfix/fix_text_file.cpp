#include "core/textfix/fix_text_file.h"

#include "core/textfix/encoding_detect.h"
#include "core/textfix/utf32.h"
#include "core/textfix/utf8_stream_decoder.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace lw::textfix {

namespace {

constexpr size_t kBlockBytes = size_t(1) << 20; // also the encoding detector's sample

// Splits UTF-8 text fed in blocks into lines, repairs each, writes and counts it.
class LineRepairer {
public:
    LineRepairer(util::AtomicFileWriter& writer, FixTextReport& report, std::string conversionCause)
        : m_writer(writer), m_report(report), m_conversionCause(std::move(conversionCause))
    {
    }

    void feed(std::string_view text)
    {
        size_t pos = 0;
        while (pos < text.size()) {
            const size_t newline = text.find('\n', pos);
            if (m_inLongLine) {
                const size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
                m_writer.write(text.substr(pos, end - pos));
                if (newline != std::string_view::npos)
                    endLongLine();
                pos = end;
                continue;
            }
            if (newline == std::string_view::npos) {
                m_pending.append(text.substr(pos));
                if (m_pending.size() > kMaxRepairLineBytes)
                    startLongLine();
                return;
            }
            if (m_pending.empty()) {
                repairAndWrite(text.substr(pos, newline - pos), true);
            } else {
                m_pending.append(text.substr(pos, newline - pos));
                repairAndWrite(m_pending, true);
                m_pending.clear();
            }
            pos = newline + 1;
        }
    }

    void finish()
    {
        if (m_inLongLine)
            endLongLine();
        else if (!m_pending.empty())
            repairAndWrite(m_pending, false);
        m_pending.clear();
    }

private:
    void repairAndWrite(std::string_view line, bool newline)
    {
        std::string_view eol = newline ? "\n" : "";
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
            eol = newline ? "\r\n" : "\r";
        }
        LineRepair repair = repairLine(line);
        std::string cause = repair.cause;
        LineStatus status = repair.status;
        // Converted lines with letters beyond ASCII count as repaired by the conversion.
        if (!m_conversionCause.empty() && status != LineStatus::Flagged && !isAscii(line)) {
            status = LineStatus::Repaired;
            cause = m_conversionCause;
        }
        m_writer.write(repair.text);
        m_writer.write(eol);
        m_report.count(++m_lineNumber, line, repair.text, status, cause);
    }

    void startLongLine()
    {
        m_longLineStart = m_pending.substr(0, 1024);
        m_writer.write(m_pending);
        m_pending.clear();
        m_pending.shrink_to_fit();
        m_inLongLine = true;
    }

    void endLongLine()
    {
        m_report.count(++m_lineNumber, m_longLineStart, m_longLineStart, LineStatus::Flagged, "line-too-long");
        m_inLongLine = false;
    }

    util::AtomicFileWriter& m_writer;
    FixTextReport& m_report;
    const std::string m_conversionCause;
    std::string m_pending;
    bool m_inLongLine = false;
    std::string m_longLineStart;
    int64_t m_lineNumber = 0;
};

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

std::string lowercase(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

FixTextReport fixTextFile(const std::string& input, const std::string& output, const FixTextProgress& progress)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(output, ec) && fs::equivalent(input, output, ec))
        throw Error::inFile(output, "the output must not be the input (the input is never modified)");
    std::unique_ptr<FILE, FileCloser> in(std::fopen(input.c_str(), "rb"));
    if (!in)
        throw Error::fromErrno(input, "cannot open", errno);
    const auto total = static_cast<int64_t>(fs::file_size(input, ec));

    std::string block(kBlockBytes, '\0');
    auto readBlock = [&]() -> std::string_view {
        const size_t n = std::fread(block.data(), 1, block.size(), in.get());
        if (n < block.size() && std::ferror(in.get()))
            throw Error::fromErrno(input, "read failed", errno);
        return {block.data(), n};
    };

    FixTextReport report;
    report.input = input;
    report.output = output;
    std::string_view data = readBlock();
    const bool wholeFile = data.size() < block.size();
    const EncodingGuess guess = detectEncoding(data, wholeFile);
    if (guess.name.empty())
        throw Error::inFile(input, "the text encoding cannot be told: the file is not UTF-8 and the detector "
                                   "(uchardet) has no guess");
    report.encoding = guess.name;
    report.converted = !guess.isUtf8();
    report.bomRemoved = guess.bomLength > 0;
    std::optional<Utf8StreamDecoder> decoder;
    std::string conversionCause;
    if (report.converted) {
        try {
            decoder.emplace(guess.name);
        } catch (const Error& e) { // uchardet names encodings this ICU may lack (ISO-8859-16)
            throw Error::inFile(input, "detected as " + guess.name + ", but " + e.what() +
                                           " (convert the file to UTF-8 first, e.g. with iconv)");
        }
        conversionCause = "encoding:" + lowercase(guess.name) + "→utf-8";
    }

    util::AtomicFileWriter writer(output);
    LineRepairer repairer(writer, report, conversionCause);
    data.remove_prefix(guess.bomLength);
    int64_t done = 0;
    bool first = true;
    for (;;) {
        const bool last = !first && data.empty();
        if (decoder) {
            std::string utf8;
            try {
                utf8 = decoder->decode(data, last);
            } catch (const Error& e) {
                throw Error::inFile(input, e.what());
            }
            repairer.feed(utf8);
        } else {
            repairer.feed(data);
        }
        if (last)
            break;
        done += static_cast<int64_t>(data.size() + (first ? guess.bomLength : 0));
        first = false;
        if (progress && !progress(done, total))
            throw Error::inFile(input, "text repair cancelled");
        data = readBlock();
    }
    repairer.finish();
    report.bytesIn = done;
    report.bytesOut = static_cast<int64_t>(writer.bytesWritten());
    writer.commit();
    return report;
}

} // namespace lw::textfix
