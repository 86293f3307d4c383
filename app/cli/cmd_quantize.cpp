// llmwb quantize: a model of the project (or a path) quantized into models/<NAME>/model.gguf
// (round-to-nearest, with an importance matrix, GPTQ or AWQ) and recorded in the store
// with where it came from, the settings and the calibration data.
#include "app/cli/calibration_flags.h"
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"
#include "core/catalog/model_loader.h"
#include "core/catalog/model_locator.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/calibrated_method.h"
#include "core/quant/calibrated_quantize.h"
#include "core/quant/importance_from_model.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <filesystem>
#include <iostream>

namespace lw::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct QuantizeCommand {
    std::string model, method, output;
    CalibrationFlags calibration;
    quant::CalibratedQuantizeSettings settings;
    std::string imatrix;
    bool json = false;
};

// What the flags ask for beyond the method, refused early when it cannot be done.
void checkCalibrationFlags(const QuantizeCommand& o)
{
    const quant::MethodParts parts = quant::methodParts(o.method);
    const std::string refusal = quant::importanceMatrixRefusal(o.method);
    if (!o.imatrix.empty() && !refusal.empty())
        throw Error::inField("--imatrix", refusal);
    if (parts.calibration != quant::Calibration::None) {
        if (!o.calibration.given())
            throw Error::inField("--dataset", o.method + " needs calibration data: give --dataset NAME[@VERSION] or --text-file PATH");
        return;
    }
    if (o.calibration.given() && !refusal.empty())
        throw Error::inField("--dataset", refusal);
    if (!o.imatrix.empty() && o.calibration.given())
        throw Error::inField("--imatrix", "give an importance matrix file or calibration data (--dataset, --text-file), not both");
}

// An importance matrix file's vectors for options.importance; the store's record of it.
nlohmann::json useImportanceFile(const std::string& path, quant::QuantizeOptions& options)
{
    const quant::ImportanceMatrix matrix = quant::ImportanceMatrix::read(path);
    if (matrix.entries().empty())
        throw Error::inFile(path, "holds no importance entries");
    options.importance = quant::importanceVectors(matrix);
    const std::string absolute = fs::absolute(path).string();
    options.extraSettings["importance_matrix"] = {
        {"source", "file"}, {"file", absolute}, {"entries", matrix.entries().size()}};
    return {{"dataset", nullptr},
            {"version", nullptr},
            {"text_file", nullptr},
            {"imatrix_file", absolute},
            {"sha256", util::sha256FileHex(path)},
            {"imatrix_datasets", matrix.datasets},
            {"chunks", matrix.chunkCount},
            {"chunk_size", matrix.chunkSize}};
}

// Each file of the source (a folder's top-level files) with its size and sha256.
Json sourceFiles(const catalog::ModelLocation& location)
{
    std::vector<fs::path> paths;
    if (fs::is_directory(location.path)) {
        for (const auto& entry : fs::directory_iterator(location.path))
            if (entry.is_regular_file())
                paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
    } else {
        paths.push_back(location.path);
    }
    Json files = Json::array();
    for (const fs::path& p : paths)
        files.push_back({{"name", p.filename().string()}, {"bytes", fs::file_size(p)}, {"sha256", util::sha256FileHex(p.string())}});
    return files;
}

void runQuantize(CliContext& ctx, const QuantizeCommand& o)
{
    checkCalibrationFlags(o);
    auto project = ctx.project();
    {
        store::Store store = project.openStore();
        if (store.modelByName(o.output))
            throw Error::inField("output", "a model named '" + o.output + "' already exists in the project");
    }
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    CancelOnSignal cancel;
    ProgressLine line("quantizing");
    auto report = progressReporter(ctx, line, cancel, "quantizing");
    const fs::path folder = fs::path(project.modelsDir()) / store::Project::slug(o.output, "model");
    const std::string path = (folder / "model.gguf").string();
    std::error_code ec;
    if (fs::exists(folder, ec))
        throw Error::inFile(folder.string(), "already exists");
    quant::QuantizeResult result;
    catalog::LoadedModel loaded;
    Json calibrationInfo = nullptr;
    bool createdFolder = false;
    cancel.run(ctx, [&] {
        report(0.0, "loading " + location.label);
        loaded = catalog::loadModel(location, torch::kCPU);
        quant::QuantizeOptions options;
        options.method = o.method;
        options.source = location.label;
        options.name = o.output;
        if (loaded.chatTemplate && loaded.chatTemplate->isJinja())
            options.chatTemplate = loaded.chatTemplate->jinja;
        // Calibration takes the first 70% of the bar, writing the rest.
        double writeStart = 0.0;
        if (!o.imatrix.empty())
            calibrationInfo = useImportanceFile(o.imatrix, options);
        if (o.calibration.given()) {
            // GPTQ with an importance matrix file records both.
            Json imatrixInfo = std::move(calibrationInfo);
            CalibrationData data = loadCalibration(project, loaded, o.calibration, o.method + " calibration");
            calibrationInfo = std::move(data.info);
            if (!imatrixInfo.is_null())
                calibrationInfo["importance_matrix"] = std::move(imatrixInfo);
            writeStart = 0.7;
            quant::calibrateForQuantization(*loaded.model, data.windows, o.settings, options,
                                            [&](double fraction, const std::string& detail) {
                                                return report(writeStart * fraction, "calibrating: " + detail);
                                            });
        }
        createdFolder = fs::create_directories(folder);
        try {
            result = quant::quantizeModel(loaded.model, loaded.tokenizer.get(), path, options,
                                          [&](const quant::QuantizeProgress& p) {
                                              const double done = double(p.bytesDone) /
                                                                  double(std::max<int64_t>(p.bytesTotal, 1));
                                              return report(writeStart + (1.0 - writeStart) * done,
                                                            "writing: " + std::to_string(p.tensorsDone) + "/" +
                                                                std::to_string(p.tensorsTotal) + " tensors");
                                          });
        } catch (...) {
            if (createdFolder)
                fs::remove_all(folder, ec);
            throw;
        }
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    store::Store store = project.openStore();
    const model::ModelConfig& config = loaded.model->config();
    store::ModelRecord r;
    r.name = o.output;
    r.kind = "quantize";
    r.format = "gguf";
    r.family = model::familyName(config.family);
    r.architecture = gguf_model::ggufArchitectureFor(config);
    r.path = store.storablePath(path);
    r.parameters = result.parameters;
    r.bytes = result.fileBytes;
    r.dtype = o.method;
    r.lineage = {{"source", o.model},
                 {"label", location.label},
                 {"format", catalog::formatName(location.format)},
                 {"path", location.path},
                 {"files", sourceFiles(location)}};
    if (location.runId)
        r.lineage["run"] = *location.runId;
    if (location.modelId)
        r.lineage["model"] = *location.modelId;
    r.meta = {{"method", o.method},
              {"settings", result.settings},
              {"calibration", calibrationInfo},
              {"bits_per_weight", result.bitsPerWeight},
              {"seconds", result.seconds},
              {"config", config.toJson()}};
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        fs::remove_all(folder, ec);
        throw;
    }
    const Json summary = {{"name", r.name},
                          {"id", r.id},
                          {"path", path},
                          {"bytes", result.fileBytes},
                          {"bits_per_weight", result.bitsPerWeight},
                          {"method", o.method},
                          {"seconds", result.seconds}};
    char bpw[32];
    std::snprintf(bpw, sizeof bpw, "%.2f", result.bitsPerWeight);
    printResult(ctx, o.json, summary,
                location.label + " quantized with " + o.method + " into model '" + r.name + "': " +
                    formatCount(double(result.fileBytes)) + "B, " + bpw + " bits per weight, " + path);
}

} // namespace

void registerQuantizeCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<QuantizeCommand>();
    CLI::App* cmd = app.add_subcommand("quantize", "Quantize a model (round-to-nearest, GPTQ or AWQ) into a GGUF model of the project");
    cmd->add_option("--model", o->model, "The model: a project model's name, a run, a checkpoint, a folder or a .gguf file")
        ->required();
    std::string methods;
    for (const std::string& m : quant::quantizationMethods())
        methods += (methods.empty() ? "" : ", ") + m;
    for (const std::string& m : quant::calibratedMethods())
        methods += ", " + m;
    cmd->add_option("--method", o->method,
                    "One of " + methods +
                        ". gptq-* and awq-* calibrate on --dataset or --text-file; a round-to-nearest block format "
                        "given calibration data quantizes with the importance matrix computed from it (as "
                        "llama-imatrix), or with --imatrix FILE")
        ->required();
    cmd->add_option("--output", o->output, "The new model's name (written to models/<NAME>/model.gguf)")->required();
    addCalibrationOptions(cmd, o->calibration);
    cmd->add_option("--damp", o->settings.damp, "GPTQ: damping, a share of the mean Hessian diagonal")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_flag("--act-order,!--no-act-order", o->settings.actOrder,
                  "GPTQ: quantize columns in decreasing Hessian diagonal (default on)");
    cmd->add_option("--imatrix", o->imatrix,
                    "An importance matrix file (llama-imatrix .dat or GGUF): round-to-nearest block formats weight "
                    "their rounding by it, gptq-* their grids (with --dataset or --text-file for the Hessians)")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", o->json, "Print a JSON summary");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runQuantize(context, *o); });
}

} // namespace lw::cli
