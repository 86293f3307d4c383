// Our side of bench_spm_encode.sh: sentencepiece encoding through the workbench's
// tokenizer (and so through the runtime-loaded module), timed.
//
//   bench_spm_encode train <sp-bpe|sp-unigram> <vocab size> <training text> <output folder>
//   bench_spm_encode lines <tokenizer.model> <input.txt> <ids.txt>
//   bench_spm_encode whole <tokenizer.model> <input.txt> <ids.txt>
//   bench_spm_encode prepare <tokenizer.model> <input.txt> <scratch folder>
//
// lines does what spm_encode --output_format=id does (each line on its own, ids written
// one line per input line, the whole process comparable with spm_encode's) and times the
// encode calls. whole encodes the file as one text, as dataset preparation does, best of
// three on one thread and on the default threads, and writes the ids one per line.
// prepare runs dataset preparation (prepareTextDataset, which hands the tokenizer 4 MB
// chunks, or paragraphs with blank-line documents) on the file into a scratch folder.
// Each prints a human line, then one JSON line.
#include "core/data/dataset.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_file.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void writeFile(const std::string& path, const std::string& text)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0)
        throw std::runtime_error(path + ": cannot write");
}

void appendIds(std::string& out, const std::vector<int32_t>& ids, char separator)
{
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            out.push_back(separator);
        out += std::to_string(ids[i]);
    }
}

int train(const std::string& kind, int32_t vocabSize, const std::string& input, const std::string& folder)
{
    lw::tokenizer::TrainTokenizerOptions options;
    options.kind = kind;
    options.vocabSize = vocabSize;
    options.inputFiles = {input};
    options.outputPath = folder;
    auto start = Clock::now();
    lw::tokenizer::trainTokenizer(options);
    std::printf("trained %s (vocab %d) in %.1f s: %s/tokenizer.model\n", kind.c_str(), vocabSize, secondsSince(start),
                folder.c_str());
    return 0;
}

// Best of `passes` encodes of the whole text with `threads` threads.
double timeWhole(lw::tokenizer::SentencePieceTokenizer& tok, const std::string& text, int threads, int passes,
                 std::vector<int32_t>& ids)
{
    tok.setEncodeThreads(threads);
    double best = 1e30;
    for (int pass = 0; pass < passes; ++pass) {
        auto start = Clock::now();
        ids = tok.encode(text);
        best = std::min(best, secondsSince(start));
    }
    return best;
}

int encodeLines(const std::string& modelPath, const std::string& inputPath, const std::string& outputPath)
{
    auto tok = lw::tokenizer::SentencePieceTokenizer::load(modelPath);
    const std::string text = lw::util::readFile(inputPath);
    std::vector<std::vector<int32_t>> lines;
    auto start = Clock::now();
    for (size_t begin = 0; begin < text.size();) {
        size_t newline = text.find('\n', begin);
        size_t end = newline == std::string::npos ? text.size() : newline;
        lines.push_back(tok->encode(std::string_view(text).substr(begin, end - begin)));
        begin = end + 1;
    }
    const double seconds = secondsSince(start);
    size_t tokens = 0;
    std::string out;
    for (const auto& ids : lines) {
        tokens += ids.size();
        appendIds(out, ids, ' ');
        out.push_back('\n');
    }
    writeFile(outputPath, out);
    std::printf("llmwb line by line: %zu lines, %zu tokens; encode calls %.3f s = %.0f tokens/s\n", lines.size(), tokens,
                seconds, tokens / seconds);
    std::printf("{\"bench\":\"spm_encode_lines\",\"bytes\":%zu,\"tokens\":%zu,\"seconds\":%.4f}\n", text.size(),
                tokens, seconds);
    return 0;
}

int encodeWhole(const std::string& modelPath, const std::string& inputPath, const std::string& outputPath)
{
    auto tok = lw::tokenizer::SentencePieceTokenizer::load(modelPath);
    const std::string text = lw::util::readFile(inputPath);
    std::vector<int32_t> ids;
    std::vector<int32_t> idsThreaded;
    const double oneThread = timeWhole(*tok, text, 1, 3, ids);
    const double threaded = timeWhole(*tok, text, 0, 3, idsThreaded);
    if (idsThreaded != ids)
        throw std::runtime_error("the whole text gave other ids on several threads than on one");
    std::string out;
    appendIds(out, ids, '\n');
    writeFile(outputPath, out + "\n");
    const double mb = double(text.size()) / 1e6;
    std::printf("llmwb whole file as one text (%s): %zu tokens; 1 thread %.3f s = %.0f tokens/s (%.2f MB/s); "
                "default threads %.3f s = %.0f tokens/s\n",
                tok->encodesLineByLine() ? "cut into lines inside" : "one sentencepiece call", ids.size(), oneThread,
                ids.size() / oneThread, mb / oneThread, threaded, ids.size() / threaded);
    std::printf("{\"bench\":\"spm_encode_whole\",\"bytes\":%zu,\"tokens\":%zu,\"seconds_1_thread\":%.4f,"
                "\"seconds_threads\":%.4f}\n",
                text.size(), ids.size(), oneThread, threaded);
    return 0;
}

int prepare(const std::string& modelPath, const std::string& inputPath, const std::string& scratch)
{
    auto tok = lw::tokenizer::SentencePieceTokenizer::load(modelPath);
    std::string json = "{\"bench\":\"spm_encode_prepare\"";
    struct Run {
        const char* name;
        bool blankLineDocuments;
        int threads;
    };
    for (const Run& run : {Run{"4 MB chunks, 1 thread", false, 1}, Run{"4 MB chunks, default threads", false, 0},
                           Run{"blank-line documents", true, 0}}) {
        tok->setEncodeThreads(run.threads);
        lw::data::PrepareOptions options;
        options.inputs = {inputPath};
        options.outputDir = scratch;
        options.blankLineDocuments = run.blankLineDocuments;
        auto start = Clock::now();
        lw::data::DatasetInfo info = lw::data::prepareTextDataset(options, *tok);
        const double seconds = secondsSince(start);
        std::printf("dataset preparation, %s: %lld tokens in %.3f s = %.0f tokens/s\n", run.name,
                    static_cast<long long>(info.totalTokens), seconds, info.totalTokens / seconds);
        json += std::string(",\"") + (run.blankLineDocuments ? "paragraphs" : run.threads == 1 ? "chunks_1_thread" : "chunks") +
                "\":{\"tokens\":" + std::to_string(info.totalTokens) + ",\"seconds\":" + std::to_string(seconds) + "}";
    }
    std::printf("%s}\n", json.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() == 5 && args[0] == "train")
            return train(args[1], std::stoi(args[2]), args[3], args[4]);
        if (args.size() == 4 && args[0] == "lines")
            return encodeLines(args[1], args[2], args[3]);
        if (args.size() == 4 && args[0] == "whole")
            return encodeWhole(args[1], args[2], args[3]);
        if (args.size() == 4 && args[0] == "prepare")
            return prepare(args[1], args[2], args[3]);
        std::fprintf(stderr, "usage: bench_spm_encode train <sp-bpe|sp-unigram> <vocab> <text> <folder>\n"
                             "       bench_spm_encode lines|whole <model> <input> <ids out>\n"
                             "       bench_spm_encode prepare <model> <input> <scratch folder>\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_spm_encode: %s\n", e.what());
        return 1;
    }
}
