#pragma once
// Recipes: an ordered list of filter steps run over a dataset version, making a new
// version whose manifest keeps the recipe, its parent and what every step did (rows in,
// rows out, rows rewritten, a few removed rows with the reason). Rows stream through
// all steps in one pass, in order, so the output is the same bytes on every run.
//
// A recipe is a JSON array of objects whose "step" is one of length, regex, language,
// exact_dedup, near_dedup, quality, pii, instruction_sanity, with the step's settings
// as further fields; unknown steps and fields are errors that name them.
#include "core/records/dataset_version.h"
#include "core/records/record.h"
#include "core/records/stats.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::records {

class RecipeStep {
public:
    virtual ~RecipeStep() = default;
    // Keep (true) or drop (false, with `reason`); a step may rewrite the record, and
    // then sets `changed`.
    virtual bool apply(Record& record, int64_t row, std::string& reason, bool& changed) = 0;
};

struct RecipeContext {
    TokenCounter countTokens; // for length steps in tokens; empty: such steps are an error
};

const std::vector<std::string>& recipeStepNames();

// Parses and checks a whole recipe before any row is read. Errors read
// "recipe step 2 (regex): unknown field 'exlude' (known: ...)".
std::vector<std::unique_ptr<RecipeStep>> parseRecipe(const nlohmann::json& recipe, const RecipeContext& context);

// Reads a recipe file; lw::Error naming the file (and the JSON parse position).
nlohmann::json loadRecipeFile(const std::string& path);

struct RecipeProgress {
    int64_t rowsDone = 0, rowsTotal = 0, rowsKept = 0;
};

// Runs `recipe` over `input` into `outputDir` (created; removed again on error or
// cancel), naming the new version `name`. `progress` returning false cancels.
DatasetVersion runRecipe(const DatasetVersion& input, const nlohmann::json& recipe, const std::string& name,
                         const std::string& outputDir, const RecipeContext& context,
                         const std::function<bool(const RecipeProgress&)>& progress = {});

} // namespace lw::records
