// Tokenizer throughput: GPT-2 byte-level BPE encode and decode over a corpus, and, in
// the same run on the same text, a sentencepiece BPE model (trained here on the first
// megabyte of the corpus) for comparison.
//
//   bench_tokenizer [corpus.txt] [--gpt2 <folder with encoder.json + vocab.bpe>]
// GPT-2 is also run as a tokenizer.json (written by writeTokenizerJson, loaded by
// HfTokenizer) on the same text, best of three passes, to compare the two paths.
// Default corpus: the-verdict.txt from the shared data, repeated to about 5 MB. GPT-2
// figures are the best of three passes on one thread (plus the first pass, with an
// empty word cache); sentencepiece figures are one pass.
// Prints human lines, then one JSON line.
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/gpt2_pretokenizer.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kDefaultCorpusBytes = 5'000'000;
constexpr size_t kSentencePieceTrainingBytes = 1'000'000;
constexpr int kPasses = 3;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string sharedData(const std::string& relative)
{
    const char* env = std::getenv("LW_SHARED_DATA");
    return std::string(env && *env ? env : LW_SHARED_DATA_DIR) + "/" + relative;
}

struct Timing {
    double seconds = 1e30;
    size_t tokens = 0;
};

// Best of `passes` encodes of `text`.
Timing timeEncode(const lw::tokenizer::Tokenizer& tok, const std::string& text, int passes)
{
    Timing best;
    for (int pass = 0; pass < passes; ++pass) {
        auto start = Clock::now();
        std::vector<int32_t> ids = tok.encode(text);
        best.seconds = std::min(best.seconds, secondsSince(start));
        best.tokens = ids.size();
    }
    return best;
}

double timeDecode(const lw::tokenizer::Tokenizer& tok, const std::vector<int32_t>& ids, const std::string& expected,
                  int passes)
{
    double best = 1e30;
    for (int pass = 0; pass < passes; ++pass) {
        auto start = Clock::now();
        std::string text = tok.decode(ids);
        best = std::min(best, secondsSince(start));
        if (text != expected)
            throw lw::Error("decode(encode(text)) differs from the text");
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        std::string corpusPath;
        std::string gpt2Folder = sharedData("llms-from-scratch/gpt2-bpe");
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            if (arg == "--gpt2" && i + 1 < argc)
                gpt2Folder = argv[++i];
            else if (arg == "--help" || arg == "-h") {
                std::printf("usage: bench_tokenizer [corpus.txt] [--gpt2 folder]\n");
                return 0;
            } else
                corpusPath = arg;
        }
        std::string text;
        std::string corpusName;
        if (corpusPath.empty()) {
            std::string verdict = lw::util::readTextFileUtf8(sharedData("llms-from-scratch/the-verdict.txt"));
            while (text.size() < kDefaultCorpusBytes)
                text += verdict;
            corpusName = "the-verdict.txt x" + std::to_string(text.size() / verdict.size());
        } else {
            text = lw::util::readTextFileUtf8(corpusPath);
            corpusName = corpusPath;
        }
        const double mb = double(text.size()) / 1e6;

        auto loadStart = Clock::now();
        auto gpt2 = lw::tokenizer::loadTokenizer(gpt2Folder);
        const double loadSeconds = secondsSince(loadStart);

        // First pass on a fresh tokenizer, cache empty; then the best of three.
        auto coldStart = Clock::now();
        std::vector<int32_t> ids = gpt2->encode(text);
        const double coldSeconds = secondsSince(coldStart);
        Timing enc = timeEncode(*gpt2, text, kPasses);
        const double decodeSeconds = timeDecode(*gpt2, ids, text, kPasses);

        // Pre-tokenization alone: the share of encode spent in the PCRE2 pattern.
        double splitSeconds = 1e30;
        for (int pass = 0; pass < kPasses; ++pass) {
            size_t pieces = 0;
            auto start = Clock::now();
            lw::tokenizer::Gpt2PreTokenizer::instance().split(text, [&](std::string_view) { ++pieces; });
            splitSeconds = std::min(splitSeconds, secondsSince(start));
        }

        std::printf("gpt2 bpe: %s, %.2f MB -> %zu tokens; encode %.3f s = %.2f MB/s, %.0f tokens/s "
                    "(first pass, empty cache: %.3f s); decode %.1f MB/s; pre-tokenizer alone %.1f MB/s%s; "
                    "load %.3f s\n",
                    corpusName.c_str(), mb, enc.tokens, enc.seconds, mb / enc.seconds, enc.tokens / enc.seconds,
                    coldSeconds, mb / decodeSeconds, mb / splitSeconds,
                    lw::tokenizer::Gpt2PreTokenizer::instance().usesJit() ? " (PCRE2 JIT)" : " (no JIT)", loadSeconds);

        // The same vocabulary through tokenizer.json.
        double hfMbPerS = 0;
        {
            auto dir = std::filesystem::temp_directory_path() / ("bench_tokenizer-hf-" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            const std::string jsonPath = (dir / "tokenizer.json").string();
            lw::tokenizer::writeTokenizerJson(dynamic_cast<const lw::tokenizer::ByteLevelBpeTokenizer&>(*gpt2), jsonPath);
            auto hf = lw::tokenizer::HfTokenizer::load(jsonPath);
            std::filesystem::remove_all(dir);
            if (hf->encode(text) != ids)
                throw lw::Error("HfTokenizer and ByteLevelBpeTokenizer disagree on the corpus");
            Timing hfEnc = timeEncode(*hf, text, kPasses);
            hfMbPerS = mb / hfEnc.seconds;
            std::printf("gpt2 via tokenizer.json (HfTokenizer): encode %.3f s = %.2f MB/s (%.2fx ByteLevelBpeTokenizer)\n",
                        hfEnc.seconds, hfMbPerS, enc.seconds / hfEnc.seconds);
        }

        // sentencepiece on the same text, through the runtime-loaded module.
        std::string spJson = "null";
        try {
            auto dir = std::filesystem::temp_directory_path() / ("bench_tokenizer-" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            std::string sample = text.substr(0, std::min(text.size(), kSentencePieceTrainingBytes));
            std::string samplePath = (dir / "sample.txt").string();
            {
                std::FILE* f = std::fopen(samplePath.c_str(), "wb");
                if (!f || std::fwrite(sample.data(), 1, sample.size(), f) != sample.size())
                    throw lw::Error(samplePath + ": cannot write");
                std::fclose(f);
            }
            lw::tokenizer::TrainTokenizerOptions options;
            options.kind = "sp-bpe";
            options.vocabSize = 1000;
            options.inputFiles = {samplePath};
            options.outputPath = (dir / "sp").string();
            auto trainStart = Clock::now();
            auto sp = lw::tokenizer::trainTokenizer(options);
            const double trainSeconds = secondsSince(trainStart);
            // One pass: sentencepiece is slow enough for that to be steady.
            auto spStart = Clock::now();
            std::vector<int32_t> spIds = sp->encode(text);
            Timing spEnc{secondsSince(spStart), spIds.size()};
            const double spDecode = timeDecode(*sp, spIds, text, 1);
            std::filesystem::remove_all(dir);
            std::printf("sentencepiece bpe (vocab 1000, trained on %.1f MB in %.2f s): %zu tokens; encode %.3f s = "
                        "%.2f MB/s, %.0f tokens/s; decode %.1f MB/s\n",
                        sample.size() / 1e6, trainSeconds, spEnc.tokens, spEnc.seconds, mb / spEnc.seconds,
                        spEnc.tokens / spEnc.seconds, mb / spDecode);
            char buffer[256];
            std::snprintf(buffer, sizeof buffer,
                          "{\"vocab_size\":1000,\"tokens\":%zu,\"seconds\":%.4f,\"tokens_per_s\":%.0f,\"mb_per_s\":%.3f,"
                          "\"decode_mb_per_s\":%.2f}",
                          spEnc.tokens, spEnc.seconds, spEnc.tokens / spEnc.seconds, mb / spEnc.seconds, mb / spDecode);
            spJson = buffer;
        } catch (const lw::Error& e) {
            std::printf("sentencepiece: skipped: %s\n", e.what());
        }

        std::printf("{\"bench\":\"tokenizer\",\"corpus_bytes\":%zu,\"tokens\":%zu,\"seconds\":%.4f,\"tokens_per_s\":%.0f,"
                    "\"mb_per_s\":%.3f,\"cold_mb_per_s\":%.3f,\"decode_mb_per_s\":%.2f,\"pretokenize_mb_per_s\":%.2f,"
                    "\"load_seconds\":%.4f,\"hf_mb_per_s\":%.3f,\"sentencepiece\":%s}\n",
                    text.size(), enc.tokens, enc.seconds, enc.tokens / enc.seconds, mb / enc.seconds, mb / coldSeconds,
                    mb / decodeSeconds, mb / splitSeconds, loadSeconds, hfMbPerS, spJson.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
        return 1;
    }
}
