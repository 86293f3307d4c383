#include "core/eval/choice_prompts.h"

#include "core/eval/harness_text.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <map>


namespace lw::eval {

namespace {

std::string letter(size_t index)
{
    return std::string(1, char('A' + index));
}

std::string subjectWords(std::string subject)
{
    for (char& c : subject)
        if (c == '_')
            c = ' ';
    return subject;
}

// A reproducible stream of 64-bit numbers (splitmix64): the same shots on every
// machine and standard library.
class ShotRandom {
public:
    explicit ShotRandom(uint64_t seed) : m_state(seed) { }
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t(next() % n); }

private:
    uint64_t m_state;
};

} // namespace

std::string choiceQuery(const ChoiceItem& item, ChoiceLayout layout)
{
    switch (layout) {
    case ChoiceLayout::Mmlu: {
        std::string query = stripLikePython(item.question);
        for (size_t i = 0; i < item.choices.size(); ++i)
            query += "\n" + letter(i) + ". " + item.choices[i];
        return query + "\nAnswer:";
    }
    case ChoiceLayout::HellaSwag:
        return hellaswagPreprocess(item.question);
    case ChoiceLayout::Arc:
    case ChoiceLayout::Generic:
        break;
    }
    return "Question: " + item.question + "\nAnswer:";
}

std::vector<std::string> choiceTexts(const ChoiceItem& item, ChoiceLayout layout)
{
    std::vector<std::string> texts;
    for (size_t i = 0; i < item.choices.size(); ++i) {
        if (layout == ChoiceLayout::Mmlu)
            texts.push_back(letter(i));
        else if (layout == ChoiceLayout::HellaSwag)
            texts.push_back(hellaswagPreprocess(item.choices[i]));
        else
            texts.push_back(item.choices[i]);
    }
    return texts;
}

std::string choiceDescription(const ChoiceItem& item, ChoiceLayout layout)
{
    if (layout != ChoiceLayout::Mmlu)
        return "";
    if (item.subject.empty())
        return "The following are multiple choice questions (with answers).\n\n";
    return "The following are multiple choice questions (with answers) about " + subjectWords(item.subject) + ".\n\n";
}

ChoicePromptBuilder::ChoicePromptBuilder(const ChoiceTask& task, FewShotSettings settings)
    : m_task(task), m_settings(settings)
{
    if (settings.shots < 0)
        throw Error::inField("shots", "must be 0 or more");
    if (settings.shots == 0)
        return;
    // Counted per subject once: candidates() per item would be quadratic in the items.
    const bool fromItems = task.shotPool.empty();
    std::map<std::string, size_t> perSubject;
    for (const auto& item : pool())
        ++perSubject[item.subject];
    const size_t self = fromItems ? 1 : 0;
    for (const auto& item : task.items) {
        const auto it = perSubject.find(item.subject);
        const size_t same = it == perSubject.end() ? 0 : it->second - self;
        const size_t available = same > 0 ? same : pool().size() - self;
        if (available < size_t(settings.shots)) {
            const std::string& subject = item.subject;
            throw Error::inField("shots", std::to_string(settings.shots) + " shots need as many other items" +
                                              (subject.empty() ? "" : " of subject '" + subject + "'") + "; there are " +
                                              std::to_string(available));
        }
    }
}

const std::vector<ChoiceItem>& ChoicePromptBuilder::pool() const
{
    return m_task.shotPool.empty() ? m_task.items : m_task.shotPool;
}

// The pool's items of the item's subject (every item when none shares it), less the item itself.
std::vector<size_t> ChoicePromptBuilder::candidates(size_t index) const
{
    const bool fromItems = m_task.shotPool.empty();
    const std::string& subject = m_task.items[index].subject;
    const auto& items = pool();
    std::vector<size_t> sameSubject, all;
    for (size_t j = 0; j < items.size(); ++j) {
        if (fromItems && j == index)
            continue;
        all.push_back(j);
        if (items[j].subject == subject)
            sameSubject.push_back(j);
    }
    return sameSubject.empty() ? all : sameSubject;
}

std::vector<size_t> ChoicePromptBuilder::shotIndices(size_t index) const
{
    if (m_settings.shots == 0)
        return {};
    // Each item's draw depends on the seed and its own index only, so --limit and the
    // order items are scored in never change an item's shots.
    std::vector<size_t> pick = candidates(index);
    ShotRandom random(m_settings.seed ^ (0x9E3779B97F4A7C15ULL * (uint64_t(index) + 1)));
    const size_t k = size_t(m_settings.shots);
    for (size_t i = 0; i < k; ++i)
        std::swap(pick[i], pick[i + random.below(pick.size() - i)]);
    pick.resize(k);
    return pick;
}

ChoicePrompt ChoicePromptBuilder::prompt(size_t index) const
{
    const ChoiceItem& item = m_task.items.at(index);
    const ChoiceLayout layout = m_task.layout;
    ChoicePrompt p;
    p.context = choiceDescription(item, layout);
    for (size_t shot : shotIndices(index)) {
        const ChoiceItem& example = pool()[shot];
        p.context += choiceQuery(example, layout) + " " + choiceTexts(example, layout)[size_t(example.answer)] + "\n\n";
    }
    p.context += choiceQuery(item, layout);
    for (const std::string& text : choiceTexts(item, layout)) {
        p.continuations.push_back(" " + text);
        p.characters.push_back(int64_t(util::utf8Length(text))); // Python's len()
    }
    return p;
}

ChoiceTokens tokenizeChoicePrompt(const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& prefix,
                                  const ChoicePrompt& prompt)
{
    const std::string context = rstripLikePython(prompt.context);
    const std::string moved = prompt.context.substr(context.size());

    ChoiceTokens out;
    out.context = prefix;
    const std::vector<int32_t> contextIds = tokenizer.encode(context, false);
    out.context.insert(out.context.end(), contextIds.begin(), contextIds.end());
    if (out.context.empty())
        out.context.push_back(tokenizer.eosId().value_or(0)); // the harness's start for an empty context
    for (const std::string& continuation : prompt.continuations) {
        const std::vector<int32_t> whole = tokenizer.encode(context + moved + continuation, false);
        // A tokenizer that merges across the boundary can leave nothing past the
        // context's length; the continuation is then encoded on its own.
        std::vector<int32_t> tail = whole.size() > contextIds.size()
                                        ? std::vector<int32_t>(whole.begin() + std::ptrdiff_t(contextIds.size()), whole.end())
                                        : tokenizer.encode(moved + continuation, false);
        out.continuations.push_back(std::move(tail));
    }
    out.characters = prompt.characters;
    return out;
}

} // namespace lw::eval
