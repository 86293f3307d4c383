#include "core/tokenizer/corpus_word_counts.h"

#include "core/tokenizer/gpt2_pretokenizer.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <unordered_map>

namespace lw::tokenizer {
namespace {

// How many pieces go by between two progress calls.
constexpr int64_t kPiecesPerProgressCall = 1 << 16;

} // namespace

CorpusWordCounts countCorpusWords(const std::vector<std::string>& files, std::string_view separator,
                                  const std::function<bool(double)>& onProgress)
{
    // Sizes up front, so progress is a fraction of all the bytes.
    int64_t totalFileBytes = 0;
    for (const auto& path : files) {
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        totalFileBytes += ec ? 0 : static_cast<int64_t>(size);
    }
    auto report = [&](int64_t done) {
        double fraction = totalFileBytes > 0 ? std::min(1.0, double(done) / double(totalFileBytes)) : 1.0;
        if (onProgress && !onProgress(fraction))
            throw Error("cancelled");
    };

    std::unordered_map<std::string, int64_t> counts;
    CorpusWordCounts result;
    int64_t bytesBefore = 0;
    for (const auto& path : files) {
        report(bytesBefore);
        const std::string text = util::readTextFileUtf8(path);
        result.totalBytes += static_cast<int64_t>(text.size());
        int64_t pieces = 0;
        auto countPiece = [&](std::string_view piece) {
            ++counts[std::string(piece)];
            if (++pieces % kPiecesPerProgressCall == 0)
                report(bytesBefore + (piece.data() - text.data()));
        };
        std::string_view rest(text);
        while (!rest.empty()) {
            size_t at = separator.empty() ? std::string_view::npos : rest.find(separator);
            Gpt2PreTokenizer::instance().split(rest.substr(0, at), countPiece);
            if (at == std::string_view::npos)
                break;
            rest.remove_prefix(at + separator.size());
        }
        bytesBefore += static_cast<int64_t>(text.size());
    }
    report(totalFileBytes);

    result.words.reserve(counts.size());
    for (auto& entry : counts)
        result.words.push_back(entry.first);
    std::sort(result.words.begin(), result.words.end());
    result.counts.reserve(result.words.size());
    for (const auto& w : result.words)
        result.counts.push_back(counts[w]);
    return result;
}

} // namespace lw::tokenizer
