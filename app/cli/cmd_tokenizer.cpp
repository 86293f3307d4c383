// llmwb tokenizer train | encode | decode
#include "app/cli/cli_context.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <chrono>
#include <filesystem>
#include <sstream>

namespace lw::cli {

namespace {

struct TrainOptions {
    std::string kind = "bpe";
    int32_t vocabSize = tokenizer::kAutoVocabSize;
    std::vector<std::string> inputs;
    std::string name;
    std::string output;
    double characterCoverage = 0.9995;
    uint64_t seed = 1234;
};

struct CodecOptions {
    std::string tokenizer;
    std::string text;
    std::string file;
    bool noSpecial = false;
};

std::string readInput(const CodecOptions& o)
{
    if (!o.text.empty() && !o.file.empty())
        throw Error("give either --text or --file, not both");
    if (!o.file.empty())
        return util::readTextFileUtf8(o.file, true);
    return o.text;
}

void runTrain(CliContext& ctx, const TrainOptions& o)
{
    auto project = ctx.project();
    tokenizer::TrainTokenizerOptions options;
    options.kind = o.kind;
    options.vocabSize = o.vocabSize;
    options.inputFiles = o.inputs;
    options.characterCoverage = o.characterCoverage;
    options.seed = o.seed;
    const std::string sizePart = o.vocabSize == tokenizer::kAutoVocabSize ? "auto" : std::to_string(o.vocabSize);
    const std::string name = o.name.empty() ? o.kind + "-" + sizePart : o.name;
    store::Store store = project.openStore();
    if (store.tokenizerByName(name))
        throw Error("--name: the project already has a tokenizer named '" + name + "'");
    options.outputPath = o.output.empty() ? project.tokenizerDir(name) : o.output;
    if (std::filesystem::exists(options.outputPath) && !std::filesystem::is_empty(options.outputPath))
        throw Error("--output: " + options.outputPath + " already exists and is not empty");

    const auto start = std::chrono::steady_clock::now();
    double lastReport = -1;
    auto tok = tokenizer::trainTokenizer(options, [&](const tokenizer::TrainTokenizerProgress& p) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (elapsed - lastReport < 0.25 && p.fraction < 1.0)
            return true;
        lastReport = elapsed;
        const double eta = p.fraction > 0.02 ? elapsed * (1.0 - p.fraction) / p.fraction : -1;
        if (ctx.events) {
            auto e = train::makeEvent("progress");
            e["stage"] = p.stage;
            e["fraction"] = p.fraction;
            e["eta_s"] = eta;
            e["message"] = p.stage;
            ctx.emit(e);
        }
        return true;
    });
    store::TokenizerRecord record;
    record.name = name;
    record.kind = tok->kind();
    record.vocabSize = tok->vocabSize();
    record.path = store.storablePath(options.outputPath);
    record.meta = {{"training_kind", o.kind}, {"inputs", o.inputs}};
    const int64_t id = store.registerTokenizer(record);
    if (ctx.events) {
        auto e = train::makeEvent("result");
        e["id"] = id;
        e["name"] = name;
        e["path"] = tok->sourcePath();
        e["kind"] = tok->kind();
        e["vocab_size"] = tok->vocabSize();
        ctx.emit(e);
    }
    ctx.say("tokenizer '" + name + "' (" + tok->kind() + ", vocabulary " + std::to_string(tok->vocabSize()) +
            ") written to " + tok->sourcePath());
}

void runEncode(CliContext& ctx, const CodecOptions& o)
{
    const std::string path =
        std::filesystem::exists(o.tokenizer) ? o.tokenizer : resolveTokenizerPath(ctx.project(), o.tokenizer);
    auto tok = tokenizer::loadTokenizer(path);
    const std::string text = readInput(o);
    std::string line;
    for (int32_t id : tok->encode(text, !o.noSpecial)) {
        if (!line.empty())
            line.push_back(' ');
        line += std::to_string(id);
    }
    std::printf("%s\n", line.c_str());
}

void runDecode(CliContext& ctx, const CodecOptions& o)
{
    const std::string path =
        std::filesystem::exists(o.tokenizer) ? o.tokenizer : resolveTokenizerPath(ctx.project(), o.tokenizer);
    auto tok = tokenizer::loadTokenizer(path);
    std::istringstream in(readInput(o));
    std::vector<int32_t> ids;
    std::string word;
    for (int index = 1; in >> word; ++index) {
        size_t used = 0;
        long long value = 0;
        try {
            value = std::stoll(word, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != word.size() || value < 0 || value > INT32_MAX)
            throw Error("token " + std::to_string(index) + " ('" + word + "') is not a token id");
        ids.push_back(int32_t(value));
    }
    const std::string text = tok->decode(ids);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::printf("\n");
}

void addCodecOptions(CLI::App* cmd, CodecOptions& o, const char* what)
{
    cmd->add_option("--tokenizer", o.tokenizer,
                    "A GPT-2-style folder (vocab.json/encoder.json + merges.txt/vocab.bpe), a sentencepiece "
                    ".model file, or the name of a tokenizer of the project")
        ->required();
    cmd->add_option("--text", o.text, std::string(what) + " given on the command line");
    cmd->add_option("--file", o.file, std::string(what) + " read from a file");
}

} // namespace

void registerTokenizerCommands(CLI::App& app, CliContext& context)
{
    auto* group = app.add_subcommand("tokenizer", "Train tokenizers, encode text to ids and decode ids to text");
    group->require_subcommand(1);

    auto trainOptions = std::make_shared<TrainOptions>();
    auto* train = group->add_subcommand("train", "Train a tokenizer on text files and add it to the project");
    train->add_option("--kind", trainOptions->kind, "bpe (byte-level, GPT-2 style), sp-bpe or sp-unigram (sentencepiece)")
        ->check(CLI::IsMember({"bpe", "sp-bpe", "sp-unigram"}))
        ->capture_default_str();
    train->add_option("--vocab-size", trainOptions->vocabSize,
                      "Vocabulary size, special tokens included; 0: sized by the corpus (bpe: merges of pairs seen "
                      "at least twice, up to " + std::to_string(tokenizer::kAutoVocabLimit) + "; sentencepiece: " +
                      std::to_string(tokenizer::kAutoVocabLimit) + ")")
        ->capture_default_str();
    train->add_option("--input", trainOptions->inputs, "Text files to learn from")->required();
    train->add_option("--name", trainOptions->name, "Name in the project (default: <kind>-<vocab size or auto>)");
    train->add_option("--output", trainOptions->output, "Output folder (default: <project>/tokenizers/<name>)");
    train->add_option("--character-coverage", trainOptions->characterCoverage,
                      "sentencepiece: share of characters the vocabulary must cover")
        ->capture_default_str();
    train->add_option("--seed", trainOptions->seed, "Random seed")->capture_default_str();
    addCommonOptions(train, context, true);
    train->callback([&context, trainOptions] { runTrain(context, *trainOptions); });

    auto encodeOptions = std::make_shared<CodecOptions>();
    auto* encode = group->add_subcommand("encode", "Print the token ids of a text, space-separated");
    addCodecOptions(encode, *encodeOptions, "Text");
    encode->add_flag("--no-special", encodeOptions->noSpecial,
                     "Encode special-token text such as <|endoftext|> as plain text");
    addCommonOptions(encode, context, false);
    encode->callback([&context, encodeOptions] { runEncode(context, *encodeOptions); });

    auto decodeOptions = std::make_shared<CodecOptions>();
    auto* decode = group->add_subcommand("decode", "Print the text of space-separated token ids");
    addCodecOptions(decode, *decodeOptions, "Token ids");
    addCommonOptions(decode, context, false);
    decode->callback([&context, decodeOptions] { runDecode(context, *decodeOptions); });
}

} // namespace lw::cli
