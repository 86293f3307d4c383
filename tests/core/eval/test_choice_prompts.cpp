// Prompts in lm-evaluation-harness's layouts, written out by hand; seeded few-shot
// draws; and the harness's way of splitting context and continuation tokens.
#include "core/eval/choice_prompts.h"
#include "core/eval/harness_text.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QtTest>

#include <set>

using namespace lw;
using eval::ChoiceItem;
using eval::ChoiceLayout;
using eval::ChoiceTask;

class TestChoicePrompts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mmluZeroShot();
    void mmluFewShotFromTheSameSubject();
    void hellaswagCleansQueryAndEndings();
    void arcZeroAndOneShotFromThePool();
    void shotsAreSeededAndNeverTheItem();
    void tooFewShotsIsAnError();
    void pythonStringOperations();
    void tokensSplitAsTheHarnessDoes();
};

namespace {

ChoiceItem promptItem(std::string question, std::vector<std::string> choices, int64_t answer, std::string subject = "")
{
    ChoiceItem item;
    item.question = std::move(question);
    item.choices = std::move(choices);
    item.answer = answer;
    item.subject = std::move(subject);
    return item;
}

} // namespace

void TestChoicePrompts::mmluZeroShot()
{
    ChoiceTask task;
    task.layout = ChoiceLayout::Mmlu;
    task.items = {promptItem("  What is 2+3?\n", {"4", "5", "6", "7"}, 1, "elementary_mathematics"),
                  promptItem("Pick one.", {"x", "y"}, 0)};
    const eval::ChoicePromptBuilder builder(task, {});
    const auto p = builder.prompt(0);
    QCOMPARE(p.context, std::string("The following are multiple choice questions (with answers) about elementary "
                                    "mathematics.\n\nWhat is 2+3?\nA. 4\nB. 5\nC. 6\nD. 7\nAnswer:"));
    QCOMPARE(p.continuations, (std::vector<std::string>{" A", " B", " C", " D"}));
    QCOMPARE(p.characters, (std::vector<int64_t>{1, 1, 1, 1}));
    const auto q = builder.prompt(1);
    QCOMPARE(q.context,
             std::string("The following are multiple choice questions (with answers).\n\nPick one.\nA. x\nB. y\nAnswer:"));
    QCOMPARE(q.continuations, (std::vector<std::string>{" A", " B"}));
}

void TestChoicePrompts::mmluFewShotFromTheSameSubject()
{
    ChoiceTask task;
    task.layout = ChoiceLayout::Mmlu;
    task.items = {promptItem("Q0?", {"a", "b"}, 0, "geo"), promptItem("Q1?", {"c", "d"}, 1, "bio"),
                  promptItem("Q2?", {"e", "f"}, 1, "geo"), promptItem("Q3?", {"g", "h"}, 0, "geo")};
    const eval::ChoicePromptBuilder builder(task, {2, 1234});
    const auto shots = builder.shotIndices(0);
    QCOMPARE(std::set<size_t>(shots.begin(), shots.end()), (std::set<size_t>{2, 3}));
    // Each shot is its query, " " and its answer's letter.
    const std::map<size_t, std::string> solved = {{2, "Q2?\nA. e\nB. f\nAnswer: B"}, {3, "Q3?\nA. g\nB. h\nAnswer: A"}};
    const std::string expected = "The following are multiple choice questions (with answers) about geo.\n\n" +
                                 solved.at(shots[0]) + "\n\n" + solved.at(shots[1]) + "\n\n" + "Q0?\nA. a\nB. b\nAnswer:";
    QCOMPARE(builder.prompt(0).context, expected);
}

void TestChoicePrompts::hellaswagCleansQueryAndEndings()
{
    ChoiceTask task;
    task.layout = ChoiceLayout::HellaSwag;
    task.items = {promptItem(" Home and Garden: [header] How to plant a tree [title] Dig a wide hole.  Then",
                             {"  set the tree in [substeps] the hole.", "fly.", "Léa sings."}, 0),
                  promptItem("Cooking: She cracks an egg.", {"it breaks.", "it bounces."}, 0)};
    const eval::ChoicePromptBuilder zero(task, {});
    const auto p = zero.prompt(0);
    QCOMPARE(p.context, std::string("Home and Garden: How to plant a tree. Dig a wide hole. Then"));
    QCOMPARE(p.continuations, (std::vector<std::string>{" set the tree in the hole.", " fly.", " Léa sings."}));
    // len() counts characters: "Léa sings." is 10 of them in 11 bytes.
    QCOMPARE(p.characters, (std::vector<int64_t>{25, 4, 10}));

    const eval::ChoicePromptBuilder one(task, {1, 1234});
    QCOMPARE(one.prompt(1).context, std::string("Home and Garden: How to plant a tree. Dig a wide hole. Then set the tree "
                                                "in the hole.\n\nCooking: She cracks an egg."));
}

void TestChoicePrompts::arcZeroAndOneShotFromThePool()
{
    ChoiceTask task;
    task.layout = ChoiceLayout::Arc;
    task.items = {promptItem("What do bees make?", {"milk", "honey"}, 1),
                  promptItem("Which one floats?", {"a cork", "a coin"}, 0)};
    task.shotPool = {promptItem("Which is a liquid?", {"stone", "water"}, 1)};
    const auto p = eval::ChoicePromptBuilder(task, {}).prompt(0);
    QCOMPARE(p.context, std::string("Question: What do bees make?\nAnswer:"));
    QCOMPARE(p.continuations, (std::vector<std::string>{" milk", " honey"}));
    QCOMPARE(p.characters, (std::vector<int64_t>{4, 5}));
    // With a pool, shots come from it only.
    const eval::ChoicePromptBuilder one(task, {1, 7});
    QCOMPARE(one.prompt(0).context,
             std::string("Question: Which is a liquid?\nAnswer: water\n\nQuestion: What do bees make?\nAnswer:"));
    QCOMPARE(one.prompt(1).context,
             std::string("Question: Which is a liquid?\nAnswer: water\n\nQuestion: Which one floats?\nAnswer:"));

    task.layout = ChoiceLayout::Generic;
    QCOMPARE(eval::ChoicePromptBuilder(task, {}).prompt(1).context, std::string("Question: Which one floats?\nAnswer:"));
}

void TestChoicePrompts::shotsAreSeededAndNeverTheItem()
{
    ChoiceTask task;
    task.layout = ChoiceLayout::Arc;
    for (int i = 0; i < 30; ++i)
        task.items.push_back(promptItem("Q" + std::to_string(i), {"a", "b"}, i % 2));
    const eval::ChoicePromptBuilder first(task, {5, 1234});
    const eval::ChoicePromptBuilder again(task, {5, 1234});
    const eval::ChoicePromptBuilder other(task, {5, 99});
    int differing = 0;
    for (size_t i = 0; i < task.items.size(); ++i) {
        const auto shots = first.shotIndices(i);
        QCOMPARE(shots.size(), size_t(5));
        QCOMPARE(again.shotIndices(i), shots);
        QCOMPARE(again.prompt(i).context, first.prompt(i).context);
        const std::set<size_t> distinct(shots.begin(), shots.end());
        QCOMPARE(distinct.size(), size_t(5));
        QVERIFY(!distinct.count(i));
        for (size_t s : shots)
            QVERIFY(s < task.items.size());
        differing += other.shotIndices(i) != shots;
    }
    QVERIFY(differing > 20); // another seed draws other shots
}

void TestChoicePrompts::tooFewShotsIsAnError()
{
    ChoiceTask task;
    task.items = {promptItem("Q0", {"a", "b"}, 0, "s"), promptItem("Q1", {"a", "b"}, 0, "s")};
    QVERIFY_THROWS_EXCEPTION(Error, eval::ChoicePromptBuilder(task, {2, 1}));
    QVERIFY_THROWS_EXCEPTION(Error, eval::ChoicePromptBuilder(task, {-1, 1}));
    QCOMPARE(eval::ChoicePromptBuilder(task, {1, 1}).shotIndices(1), std::vector<size_t>{0});
}

void TestChoicePrompts::pythonStringOperations()
{
    // Python: "tHE ÉCOLE".capitalize() == "The école"; "\u00a0 x \u3000".strip() == "x".
    QCOMPARE(eval::capitalizeLikePython("tHE ÉCOLE"), std::string("The école"));
    QCOMPARE(eval::capitalizeLikePython(""), std::string());
    QCOMPARE(eval::stripLikePython("\xC2\xA0 x \xE3\x80\x80"), std::string("x"));
    QCOMPARE(eval::rstripLikePython(" a b \n\t"), std::string(" a b"));
    // re.sub(r"\[.*?\]", "", s) stops at a line break; "   ".replace("  ", " ") == "  ".
    QCOMPARE(eval::hellaswagPreprocess("a [b\n] c [d]e   f"), std::string("a [b\n] c e  f"));
}

void TestChoicePrompts::tokensSplitAsTheHarnessDoes()
{
    const auto tokenizer = tokenizer::loadTokenizer(test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    const std::vector<int32_t> bos = {50256};
    eval::ChoicePrompt prompt;
    prompt.context = "Question: What do bees make?\nAnswer: "; // the trailing space moves to the continuation
    prompt.continuations = {"honey", " wax"};
    prompt.characters = {5, 3};
    const auto t = eval::tokenizeChoicePrompt(*tokenizer, bos, prompt);
    std::vector<int32_t> context = bos;
    for (int32_t id : tokenizer->encode("Question: What do bees make?\nAnswer:", false))
        context.push_back(id);
    QCOMPARE(t.context, context);
    // GPT-2 splits words with their leading space, so " honey" is what follows the context;
    // "  wax" keeps one space as its own token before " wax".
    QCOMPARE(t.continuations[0], tokenizer->encode(" honey", false));
    QCOMPARE(t.continuations[1], tokenizer->encode("  wax", false));
    QCOMPARE(t.characters, prompt.characters);
}

LW_TEST_GUILESS_MAIN(TestChoicePrompts)
#include "test_choice_prompts.moc"
