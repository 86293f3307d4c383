#pragma once
// The calibration flags of the commands that calibrate on text (prune, quantize):
// --dataset NAME[@VERSION] or --text-file PATH, --calibration-samples, --calibration-length
// and --seed, and the windows of tokens they give for a loaded model.
#include "core/catalog/model_loader.h"
#include "core/quant/calibration.h"
#include "core/store/project.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::cli {

struct CalibrationFlags {
    std::string dataset;
    std::string textFile;
    quant::CalibrationSettings settings;

    bool given() const { return !dataset.empty() || !textFile.empty(); }
};

void addCalibrationOptions(CLI::App* command, CalibrationFlags& flags);

struct CalibrationData {
    torch::Tensor windows; // (samples, length) token ids
    // What the store records: dataset (as given), version, text_file, samples, length
    // (capped to the model's context), seed, tokens (of the whole text), sha256, and the
    // dataset's folder, rows and id.
    nlohmann::json info;
};

// The text of --dataset or --text-file encoded with the model's tokenizer and cut into
// windows. lw::Error naming --dataset and --text-file when neither or both are given
// (`purpose` says what needs them: "gptq-q4_0 needs calibration data").
CalibrationData loadCalibration(const store::Project& project, const catalog::LoadedModel& loaded,
                                const CalibrationFlags& flags, const std::string& purpose);

} // namespace lw::cli
