// trainSentencePiece (declared in sentencepiece_tokenizer.h): checks the inputs the way
// the rest of the workbench does, lets the module train into temporary files, then puts
// the model in place atomically.
#include "core/tokenizer/protobuf_wire.h"
#include "core/tokenizer/sentencepiece_model_check.h"
#include "core/tokenizer/sentencepiece_module_loader.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <filesystem>
#include <unistd.h>

namespace lw::tokenizer {
namespace {

namespace fs = std::filesystem;

// Fixed rather than "all cores": unigram training sums per-thread statistics, so the
// thread count is part of what makes a run reproducible.
constexpr int32_t kTrainingThreads = 4;

// Removes the files it names when it goes out of scope.
class TemporaryFiles {
public:
    ~TemporaryFiles()
    {
        for (const auto& path : m_paths) {
            std::error_code ec;
            fs::remove(path, ec);
        }
    }
    const std::string& add(std::string path) { return m_paths.emplace_back(std::move(path)); }

private:
    std::vector<std::string> m_paths;
};

// sentencepiece records the model_prefix it was given (here a temporary path) in the
// model's TrainerSpec. Writing "tokenizer" there instead keeps the model free of local
// paths and makes retraining byte-identical. Field numbers from sentencepiece_model.proto.
std::string withNeutralModelPrefix(std::string_view model, const std::string& origin)
{
    constexpr uint32_t kModelTrainerSpec = 2;
    constexpr uint32_t kTrainerSpecModelPrefix = 2;
    std::string out;
    out.reserve(model.size());
    std::string problem = wire::walkMessage(model, [&](const wire::Field& field) -> std::string {
        if (field.number != kModelTrainerSpec || field.wireType != wire::kLengthDelimited) {
            out.append(field.raw);
            return {};
        }
        std::string spec;
        std::string inner = wire::walkMessage(field.payload, [&](const wire::Field& f) -> std::string {
            if (f.number != kTrainerSpecModelPrefix)
                spec.append(f.raw);
            return {};
        });
        wire::appendLengthDelimited(spec, kTrainerSpecModelPrefix, "tokenizer");
        wire::appendLengthDelimited(out, kModelTrainerSpec, spec);
        return inner;
    });
    if (!problem.empty())
        throw Error::inFile(origin, "sentencepiece wrote a model that does not parse: " + problem);
    return out;
}

void checkOptions(const TrainTokenizerOptions& options)
{
    if (options.kind != "sp-bpe" && options.kind != "sp-unigram")
        throw Error::inField("kind", "\"" + options.kind + "\" is not a sentencepiece kind (sp-bpe, sp-unigram)");
    if (options.vocabSize < 1)
        throw Error::inField("vocabSize", std::to_string(options.vocabSize) + " is too small");
    if (!(options.characterCoverage > 0 && options.characterCoverage <= 1))
        throw Error::inField("characterCoverage", std::to_string(options.characterCoverage) + " is not in (0, 1]");
    if (options.inputFiles.empty())
        throw Error::inField("inputFiles", "no training text given");
    if (options.outputPath.empty())
        throw Error::inField("outputPath", "no output folder given");
}

} // namespace

std::string trainSentencePiece(const TrainTokenizerOptions& options, const TrainProgressCallback& progress)
{
    checkOptions(options);
    auto report = [&](double fraction, const char* stage) {
        if (progress && !progress(TrainTokenizerProgress{fraction, stage}))
            throw Error("cancelled");
    };
    const SentencePieceModule& module = sentencePieceModule();
    const fs::path outputDir(options.outputPath);
    std::error_code ec;
    fs::create_directories(outputDir, ec);
    if (ec)
        throw Error::fromErrno(options.outputPath, "cannot create the folder", ec.value());
    const std::string tag = "tokenizer.tmp-" + std::to_string(::getpid());
    TemporaryFiles temporaries;

    // sentencepiece reads raw bytes line by line: check every file as UTF-8 text first
    // (errors name the file and line), and hand over a converted copy of any file that
    // needed conversion (UTF-16, or a byte-order mark).
    std::vector<std::string> inputs;
    for (size_t i = 0; i < options.inputFiles.size(); ++i) {
        report(0.05 * double(i) / double(options.inputFiles.size()), "checking input");
        const std::string& path = options.inputFiles[i];
        std::string raw = util::readFile(path);
        std::string text = util::decodeTextToUtf8(raw, path);
        if (text == raw) {
            inputs.push_back(path);
        } else {
            std::string copy = temporaries.add((outputDir / (tag + "-input" + std::to_string(i) + ".txt")).string());
            util::writeFileAtomic(copy, text);
            inputs.push_back(copy);
        }
    }
    std::vector<const char*> inputPointers;
    for (const auto& p : inputs)
        inputPointers.push_back(p.c_str());

    report(0.05, "training");
    const std::string prefix = (outputDir / tag).string();
    const std::string tempModel = temporaries.add(prefix + ".model");
    const std::string tempVocab = temporaries.add(prefix + ".vocab");
    const std::string modelType = options.kind == "sp-bpe" ? "bpe" : "unigram";
    lw_spm_train_options spec{};
    spec.struct_size = sizeof spec;
    spec.model_type = modelType.c_str();
    spec.vocab_size = options.vocabSize;
    spec.character_coverage = options.characterCoverage;
    spec.seed = options.seed;
    spec.num_threads = kTrainingThreads;
    spec.input_files = inputPointers.data();
    spec.input_file_count = inputPointers.size();
    spec.output_prefix = prefix.c_str();
    lw_spm_error error{};
    if (module.train(&spec, &error) != 0)
        throw Error("training a sentencepiece " + modelType + " tokenizer with vocabSize " +
                    std::to_string(options.vocabSize) + " failed: " + error.message);
    report(0.95, "writing");

    const std::string modelPath = (outputDir / "tokenizer.model").string();
    std::string model = withNeutralModelPrefix(util::readFile(tempModel), tempModel);
    checkSentencePieceModel(model, tempModel);
    util::writeFileAtomic(modelPath, model);
    util::writeFileAtomic((outputDir / "tokenizer.vocab").string(), util::readFile(tempVocab));
    report(1.0, "done");
    return modelPath;
}

} // namespace lw::tokenizer
