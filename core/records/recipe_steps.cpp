// The recipe's steps: text rules from core/filter and deduplication from core/dedup,
// applied to the record field each step names.
#include "core/dedup/exact_deduplicator.h"
#include "core/dedup/near_deduplicator.h"
#include "core/filter/instruction_sanity.h"
#include "core/filter/language_filter.h"
#include "core/filter/length_filter.h"
#include "core/filter/pii_scrubber.h"
#include "core/filter/quality_filter.h"
#include "core/filter/regex_filter.h"
#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/records/record_fields.h"
#include "core/records/recipe.h"
#include "core/util/error.h"

#include <cmath>

namespace lw::records {

using Json = nlohmann::json;

namespace {

std::string fieldOr(const std::string& field, const char* fallback)
{
    return field.empty() ? fallback : field;
}

// length, regex, language, quality: a keep-or-drop rule on one field's text.
template <class Rule> class TextRuleStep final : public RecipeStep {
public:
    TextRuleStep(Rule rule, std::string field) : m_rule(std::move(rule)), m_field(std::move(field)) { }
    bool apply(Record& record, int64_t, std::string& reason, bool&) override
    {
        const auto decision = m_rule.check(recordField(record, m_field));
        if (!decision.keep)
            reason = decision.reason;
        return decision.keep;
    }

private:
    Rule m_rule;
    std::string m_field;
};

template <class Rule> std::unique_ptr<RecipeStep> textRule(Rule rule, const std::string& where)
{
    std::string field = fieldOr(rule.field(), "all");
    checkRecordField(field, where);
    return std::make_unique<TextRuleStep<Rule>>(std::move(rule), std::move(field));
}

class InstructionSanityStep final : public RecipeStep {
public:
    explicit InstructionSanityStep(filter::InstructionSanity rule) : m_rule(std::move(rule)) { }
    bool apply(Record& record, int64_t, std::string& reason, bool&) override
    {
        const auto decision =
            m_rule.check(recordField(record, m_rule.promptField()), recordField(record, m_rule.answerField()));
        if (!decision.keep)
            reason = decision.reason;
        return decision.keep;
    }

private:
    filter::InstructionSanity m_rule;
};

// PII scrubbing rewrites every text of the record: an address left in one turn is as
// much a leak as one in another.
class PiiStep final : public RecipeStep {
public:
    explicit PiiStep(filter::PiiScrubber scrubber) : m_scrubber(std::move(scrubber)) { }
    bool apply(Record& record, int64_t, std::string&, bool& changed) override
    {
        filter::PiiCounts counts;
        auto scrub = [&](std::string& text) {
            const int64_t before = counts.total();
            m_scrubber.scrubInto(text, m_buffer, counts);
            if (counts.total() != before)
                text.swap(m_buffer);
        };
        scrub(record.text);
        for (auto* list : {&record.messages, &record.chosen, &record.rejected})
            for (auto& m : *list)
                scrub(m.content);
        scrub(record.question);
        for (auto& c : record.choices)
            scrub(c);
        changed = counts.total() > 0;
        return true;
    }

private:
    filter::PiiScrubber m_scrubber;
    std::string m_buffer;
};

class ExactDedupStep final : public RecipeStep {
public:
    ExactDedupStep(bool stripPunctuation, std::string field) : m_dedup(stripPunctuation), m_field(std::move(field)) { }
    bool apply(Record& record, int64_t, std::string& reason, bool&) override
    {
        const auto match = m_dedup.add(recordField(record, m_field));
        if (!match.duplicate)
            return true;
        reason = "same text as the row kept at position " + std::to_string(match.firstRow + 1) + " of this step";
        return false;
    }

private:
    dedup::ExactDeduplicator m_dedup;
    std::string m_field;
};

class NearDedupStep final : public RecipeStep {
public:
    NearDedupStep(const dedup::NearDedupSettings& settings, std::string field)
        : m_dedup(settings), m_field(std::move(field))
    {
    }
    bool apply(Record& record, int64_t, std::string& reason, bool&) override
    {
        const auto match = m_dedup.add(recordField(record, m_field));
        if (!match.duplicate)
            return true;
        char estimate[16];
        std::snprintf(estimate, sizeof estimate, "%.2f", match.jaccard);
        reason = "near duplicate (Jaccard ~" + std::string(estimate) + ") of the row kept at position " +
                 std::to_string(match.matchedRow + 1) + " of this step";
        return false;
    }

private:
    dedup::NearDeduplicator m_dedup;
    std::string m_field;
};

const std::vector<std::string> kExactFields{"step", "field", "strip_punctuation"};
const std::vector<std::string> kNearFields{"step", "field", "ngram", "num_perm", "threshold", "seed", "bands", "rows"};

std::unique_ptr<RecipeStep> exactDedup(const Json& step, const std::string& where)
{
    filter::checkStepFields(step, where, kExactFields);
    std::string field = filter::readString(step, "field", where, "all");
    checkRecordField(field, where);
    return std::make_unique<ExactDedupStep>(filter::readBool(step, "strip_punctuation", where, false), field);
}

std::unique_ptr<RecipeStep> nearDedup(const Json& step, const std::string& where)
{
    filter::checkStepFields(step, where, kNearFields);
    std::string field = filter::readString(step, "field", where, "all");
    checkRecordField(field, where);
    dedup::NearDedupSettings s;
    s.ngram = static_cast<int>(filter::readCount(step, "ngram", where, s.ngram));
    s.numPerm = static_cast<int>(filter::readCount(step, "num_perm", where, s.numPerm));
    s.threshold = filter::readLimit(step, "threshold", where, s.threshold, 0.0, 1.0).value_or(s.threshold);
    s.seed = static_cast<uint64_t>(filter::readCount(step, "seed", where, static_cast<int64_t>(s.seed)));
    s.bands = static_cast<int>(filter::readCount(step, "bands", where, 0));
    s.rows = static_cast<int>(filter::readCount(step, "rows", where, 0));
    try {
        dedup::validate(s);
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
    return std::make_unique<NearDedupStep>(s, field);
}

} // namespace

const std::vector<std::string>& recipeStepNames()
{
    static const std::vector<std::string> names{"length",     "regex", "language", "exact_dedup",
                                                "near_dedup", "quality", "pii",    "instruction_sanity"};
    return names;
}

std::vector<std::unique_ptr<RecipeStep>> parseRecipe(const Json& recipe, const RecipeContext& context)
{
    if (!recipe.is_array())
        throw Error("recipe: must be a JSON array of steps");
    std::vector<std::unique_ptr<RecipeStep>> steps;
    for (size_t i = 0; i < recipe.size(); ++i) {
        const Json& step = recipe[i];
        std::string where = "recipe step " + std::to_string(i + 1);
        if (!step.is_object() || !step.contains("step") || !step["step"].is_string())
            throw Error(where + ": must be an object with a \"step\" name (one of " +
                        filter::quotedList(recipeStepNames()) + ")");
        const std::string name = step["step"].get<std::string>();
        where += " (" + name + ")";
        if (name == "exact_dedup") {
            steps.push_back(exactDedup(step, where));
        } else if (name == "near_dedup") {
            steps.push_back(nearDedup(step, where));
        } else if (name == "length") {
            if (step.value("unit", "") == "tokens" && !context.countTokens)
                throw Error(where + ": field 'unit': counting tokens needs a tokenizer (--tokenizer)");
            steps.push_back(textRule(filter::LengthFilter::fromJson(step, where, context.countTokens), where));
        } else if (name == "regex") {
            steps.push_back(textRule(filter::RegexFilter::fromJson(step, where), where));
        } else if (name == "language") {
            steps.push_back(textRule(filter::LanguageFilter::fromJson(step, where), where));
        } else if (name == "quality") {
            steps.push_back(textRule(filter::QualityFilter::fromJson(step, where), where));
        } else if (name == "pii") {
            auto scrubber = filter::PiiScrubber::fromJson(step, where);
            if (!scrubber.field().empty() && scrubber.field() != "all")
                throw Error(where + ": field 'field': the pii step rewrites every text of a row (use \"all\")");
            steps.push_back(std::make_unique<PiiStep>(std::move(scrubber)));
        } else if (name == "instruction_sanity") {
            auto rule = filter::InstructionSanity::fromJson(step, where);
            checkRecordField(rule.promptField(), where);
            checkRecordField(rule.answerField(), where);
            steps.push_back(std::make_unique<InstructionSanityStep>(std::move(rule)));
        } else {
            throw Error("recipe step " + std::to_string(i + 1) + ": unknown step '" + name + "' (known: " +
                        filter::quotedList(recipeStepNames()) + ")");
        }
    }
    return steps;
}

} // namespace lw::records
