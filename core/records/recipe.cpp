#include "core/records/recipe.h"

#include "core/records/record_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace lw::records {

using Json = nlohmann::json;

namespace {

constexpr size_t kRemovedSamplesPerStep = 8;
constexpr size_t kSampleTextBytes = 300;

std::string sampleText(const Record& r)
{
    std::string text;
    for (auto t : recordTexts(r)) {
        if (!text.empty())
            text += " | ";
        text += t;
        if (text.size() > kSampleTextBytes)
            break;
    }
    if (text.size() > kSampleTextBytes) {
        size_t cut = kSampleTextBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut) + "...";
    }
    return text;
}

} // namespace

Json loadRecipeFile(const std::string& path)
{
    const std::string text = util::readFile(path);
    try {
        Json recipe = Json::parse(text);
        if (!recipe.is_array())
            throw Error::inFile(path, "a recipe is a JSON array of steps, e.g. [{\"step\": \"exact_dedup\"}]");
        return recipe;
    } catch (const Json::parse_error& e) {
        throw Error::inFile(path, std::string("not valid JSON: ") + e.what());
    }
}

DatasetVersion runRecipe(const DatasetVersion& input, const Json& recipe, const std::string& name,
                         const std::string& outputDir, const RecipeContext& context,
                         const std::function<bool(const RecipeProgress&)>& progress)
{
    auto steps = parseRecipe(recipe, context);
    std::error_code ec;
    if (fs::exists(outputDir, ec) && !fs::is_empty(outputDir, ec))
        throw Error::inFile(outputDir, "the output folder exists and is not empty");
    fs::create_directories(outputDir, ec);
    if (ec)
        throw Error::fromErrno(outputDir, "cannot create the folder", ec.value());
    struct Cleanup {
        std::string dir;
        bool keep = false;
        ~Cleanup()
        {
            if (!keep) {
                std::error_code ignored;
                fs::remove_all(dir, ignored);
            }
        }
    } cleanup{outputDir};

    DatasetVersion out;
    out.name = name;
    out.dir = outputDir;
    out.kind = input.kind;
    out.layout = input.layout;
    out.parent = input.name;
    out.recipe = recipe;
    out.sources = input.sources;
    out.toolVersion = toolVersion();
    out.createdAt = nowSeconds();
    out.steps.resize(steps.size());
    for (size_t i = 0; i < steps.size(); ++i)
        out.steps[i].step = recipe[i];

    RecordWriter writer(out.recordsPath());
    RecipeProgress p;
    p.rowsTotal = input.rows;
    std::string reason;
    forEachRecord(input.recordsPath(), [&](Record& record, int64_t row) {
        bool kept = true;
        for (size_t i = 0; i < steps.size() && kept; ++i) {
            StepCount& count = out.steps[i];
            ++count.rowsIn;
            reason.clear();
            bool changed = false;
            kept = steps[i]->apply(record, row, reason, changed);
            if (changed)
                ++count.changed;
            if (kept) {
                ++count.rowsOut;
            } else if (count.removedSamples.size() < kRemovedSamplesPerStep) {
                count.removedSamples.push_back({{"row", row},
                                                {"source", {{"file", record.source.file}, {"line", record.source.line}}},
                                                {"reason", reason},
                                                {"text", sampleText(record)}});
            }
        }
        if (kept) {
            writer.write(record);
            ++p.rowsKept;
        }
        p.rowsDone = row + 1;
        if (progress && (row & 1023) == 0 && !progress(p))
            throw Error("cancelled");
        return true;
    });
    if (progress)
        progress(p);
    out.rows = writer.count();
    out.recordsSha256 = writer.commit();
    util::writeFileAtomic(out.rejectedPath(), "");
    writeManifest(out);
    cleanup.keep = true;
    return out;
}

} // namespace lw::records
