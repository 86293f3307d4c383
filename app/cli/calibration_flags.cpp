#include "app/cli/calibration_flags.h"

#include "app/cli/cli_context.h"
#include "core/eval/perplexity_text.h"
#include "core/records/dataset_version.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "core/util/text_file.h"

#include <filesystem>

namespace lw::cli {

void addCalibrationOptions(CLI::App* cmd, CalibrationFlags& flags)
{
    cmd->add_option("--dataset", flags.dataset, "Calibration: a dataset version (NAME[@VERSION] or a folder), its rows' text");
    cmd->add_option("--text-file", flags.textFile, "Calibration: a UTF-8 text file");
    cmd->add_option("--calibration-samples", flags.settings.samples, "Calibration windows")->capture_default_str();
    cmd->add_option("--calibration-length", flags.settings.length,
                    "Tokens per calibration window (at most the model's context)")
        ->capture_default_str();
    cmd->add_option("--seed", flags.settings.seed, "Seed of the windows' positions")->capture_default_str();
}

CalibrationData loadCalibration(const store::Project& project, const catalog::LoadedModel& loaded,
                                const CalibrationFlags& flags, const std::string& purpose)
{
    if (flags.dataset.empty() == flags.textFile.empty())
        throw Error::inField("--dataset", purpose + ": give one of --dataset D or --text-file F");
    std::string text;
    nlohmann::json info = {{"dataset", nullptr}, {"version", nullptr}, {"text_file", nullptr}};
    if (!flags.textFile.empty()) {
        text = util::readTextFileUtf8(flags.textFile);
        const std::string absolute = std::filesystem::absolute(flags.textFile).string();
        info["text_file"] = absolute;
        info["file"] = absolute;
        info["sha256"] = util::sha256FileHex(flags.textFile);
    } else {
        std::optional<int64_t> datasetId;
        const std::string dir = resolveDatasetDir(project, flags.dataset, &datasetId);
        const records::DatasetVersion version = records::loadDatasetVersion(dir);
        text = eval::datasetPerplexityText(dir);
        info["dataset"] = flags.dataset;
        info["version"] = version.name;
        info["name"] = version.name;
        info["dir"] = dir;
        info["rows"] = version.rows;
        info["sha256"] = version.recordsSha256;
        if (datasetId)
            info["dataset_id"] = *datasetId;
    }
    quant::CalibrationSettings settings = flags.settings;
    settings.length = std::min(settings.length, loaded.model->config().context_length);
    const std::vector<int32_t> tokens = catalog::encodePrompt(loaded, text);
    CalibrationData data;
    data.windows = quant::calibrationWindows(tokens, settings);
    info["samples"] = settings.samples;
    info["length"] = settings.length;
    info["seed"] = settings.seed;
    info["tokens"] = tokens.size();
    data.info = std::move(info);
    return data;
}

} // namespace lw::cli
