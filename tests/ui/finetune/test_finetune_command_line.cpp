// The `llmwb finetune` command lines the panel builds from its form: LoRA SFT with the
// form's defaults, QLoRA with targets picked by module, DPO with a beta, the check and
// the demo. The expected flags are written out by hand from the contract (a flag per
// setting that differs from core's default, method and objective always, the trainer's
// fields as shown, --events last).
#include "ui/panels/finetune/finetune_catalog.h"
#include "ui/panels/finetune/finetune_command_line.h"
#include "ui/panels/finetune/finetune_form.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QtTest>

using namespace lw::ui::finetune;

class TestFinetuneCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loraSftGivesOnlyWhatDiffers();
    void qloraWithChosenTargets();
    void dpoWithBeta();
    void checkAndDemo();
    void objectiveFiltersDatasets();

private:
    // The value after `flag` in `arguments` ("" when absent).
    static QString valueOf(const QStringList& arguments, const QString& flag);
    FinetuneCatalog m_catalog;
};

void TestFinetuneCommandLine::initTestCase()
{
    // A catalog as the store would give it: one GPT-2 run, a chat and a preference set.
    m_catalog.projectDir = QStringLiteral("/tmp/project");
    m_catalog.bases.append({QStringLiteral("3:best"), QStringLiteral("demo (best) · gpt2 · 1.2M"),
                            QStringLiteral("gpt2"), 1200000, 3});
    m_catalog.datasets.append({QStringLiteral("questions"), QStringLiteral("chat"), 500});
    m_catalog.datasets.append({QStringLiteral("pairs"), QStringLiteral("preference"), 400});
    m_catalog.targetChoices.insert(QStringLiteral("gpt2"),
                                   {QStringLiteral("c_attn"), QStringLiteral("c_proj"), QStringLiteral("c_fc")});
}

QString TestFinetuneCommandLine::valueOf(const QStringList& arguments, const QString& flag)
{
    const int i = int(arguments.indexOf(flag));
    return i >= 0 && i + 1 < arguments.size() ? arguments[i + 1] : QString();
}

void TestFinetuneCommandLine::loraSftGivesOnlyWhatDiffers()
{
    FinetuneForm form;
    form.setCatalog(m_catalog);
    FinetuneRequest request{m_catalog.projectDir, form.settings(), form.training(), false, QString()};
    const QStringList args = finetuneArguments(request, false);
    QCOMPARE(args.mid(0, 3), (QStringList{QStringLiteral("finetune"), QStringLiteral("--project"),
                                          QStringLiteral("/tmp/project")}));
    QCOMPARE(valueOf(args, QStringLiteral("--base")), QStringLiteral("3:best"));
    QCOMPARE(valueOf(args, QStringLiteral("--dataset")), QStringLiteral("questions"));
    QCOMPARE(valueOf(args, QStringLiteral("--method")), QStringLiteral("lora"));
    QCOMPARE(valueOf(args, QStringLiteral("--objective")), QStringLiteral("sft"));
    // Core's defaults (rank 8, alpha 16, all-linear, ...) are not repeated.
    QVERIFY(!args.contains(QStringLiteral("--lora-rank")));
    QVERIFY(!args.contains(QStringLiteral("--lora-targets")));
    QVERIFY(!args.contains(QStringLiteral("--beta"))); // SFT has no preference settings
    // Trainer settings for LoRA SFT (finetuneTrainDefaults): 200 steps at 2e-4, batch 8.
    QCOMPARE(valueOf(args, QStringLiteral("--max-steps")), QStringLiteral("200"));
    QCOMPARE(valueOf(args, QStringLiteral("--learning-rate")).toDouble(), 2e-4);
    QCOMPARE(valueOf(args, QStringLiteral("--batch-size")), QStringLiteral("8"));
    QCOMPARE(args.last(), QStringLiteral("--events"));
    QVERIFY(!args.contains(QStringLiteral("--check")));

    auto* rank = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("lora_rank")));
    QVERIFY(rank);
    rank->setValue(32);
    request.settings = form.settings();
    QCOMPARE(valueOf(finetuneArguments(request, false), QStringLiteral("--lora-rank")), QStringLiteral("32"));
}

void TestFinetuneCommandLine::qloraWithChosenTargets()
{
    FinetuneForm form;
    form.setCatalog(m_catalog);
    form.setMethod(QStringLiteral("qlora"));
    // The family's module names as check boxes: c_attn and c_fc ticked, all-linear off.
    QCOMPARE(form.targetBoxes().size(), 3);
    form.findChild<QCheckBox*>(QStringLiteral("allLinear"))->setChecked(false);
    form.findChild<QCheckBox*>(QStringLiteral("target_c_attn"))->setChecked(true);
    form.findChild<QCheckBox*>(QStringLiteral("target_c_fc"))->setChecked(true);
    qobject_cast<QDoubleSpinBox*>(form.editor(QStringLiteral("lora_dropout")))->setValue(0.1);
    const FinetuneRequest request{m_catalog.projectDir, form.settings(), form.training(), false, QString()};
    const QStringList args = finetuneArguments(request, false);
    QCOMPARE(valueOf(args, QStringLiteral("--method")), QStringLiteral("qlora"));
    QCOMPARE(valueOf(args, QStringLiteral("--lora-targets")), QStringLiteral("c_attn,c_fc"));
    QCOMPARE(valueOf(args, QStringLiteral("--lora-dropout")).toDouble(), 0.1);
}

void TestFinetuneCommandLine::dpoWithBeta()
{
    FinetuneForm form;
    form.setCatalog(m_catalog);
    form.setObjective(QStringLiteral("dpo"));
    qobject_cast<QDoubleSpinBox*>(form.editor(QStringLiteral("beta")))->setValue(0.25);
    const FinetuneRequest request{m_catalog.projectDir, form.settings(), form.training(), false, QString()};
    const QStringList args = finetuneArguments(request, false);
    QCOMPARE(valueOf(args, QStringLiteral("--objective")), QStringLiteral("dpo"));
    QCOMPARE(valueOf(args, QStringLiteral("--beta")).toDouble(), 0.25);
    // A preference objective trains on the preference set, at the LoRA preference rate 5e-5.
    QCOMPARE(valueOf(args, QStringLiteral("--dataset")), QStringLiteral("pairs"));
    QCOMPARE(valueOf(args, QStringLiteral("--learning-rate")).toDouble(), 5e-5);
    // Packing is for SFT only: disabled and never sent.
    QVERIFY(!form.editor(QStringLiteral("packing"))->isEnabled());
    QVERIFY(!args.contains(QStringLiteral("--packing")));
}

void TestFinetuneCommandLine::checkAndDemo()
{
    FinetuneForm form;
    form.setCatalog(m_catalog);
    const FinetuneRequest request{m_catalog.projectDir, form.settings(), form.training(), false, QString()};
    const QStringList check = finetuneCheckJob(request).arguments;
    QCOMPARE(check.mid(check.size() - 2), (QStringList{QStringLiteral("--check"), QStringLiteral("--events")}));

    FinetuneRequest demo;
    demo.projectDir = m_catalog.projectDir;
    demo.demo = true;
    demo.settings.insert(QStringLiteral("method"), QStringLiteral("dora"));
    demo.settings.insert(QStringLiteral("objective"), QStringLiteral("sft"));
    QCOMPARE(finetuneJob(demo).arguments,
             (QStringList{QStringLiteral("finetune"), QStringLiteral("--project"), QStringLiteral("/tmp/project"),
                          QStringLiteral("--demo"), QStringLiteral("--method"), QStringLiteral("dora"),
                          QStringLiteral("--objective"), QStringLiteral("sft"), QStringLiteral("--events")}));

    QCOMPARE(adapterMergeJob(QStringLiteral("/p"), QStringLiteral("3"), QStringLiteral("/p/runs/5/adapter"),
                             QStringLiteral("merged"), QString())
                 .arguments,
             (QStringList{QStringLiteral("adapter"), QStringLiteral("merge"), QStringLiteral("--project"),
                          QStringLiteral("/p"), QStringLiteral("--model"), QStringLiteral("3"),
                          QStringLiteral("--adapter"), QStringLiteral("/p/runs/5/adapter"), QStringLiteral("--name"),
                          QStringLiteral("merged"), QStringLiteral("--events")}));
}

void TestFinetuneCommandLine::objectiveFiltersDatasets()
{
    FinetuneForm form;
    form.setCatalog(m_catalog);
    auto* dataset = qobject_cast<QComboBox*>(form.editor(QStringLiteral("dataset")));
    QCOMPARE(dataset->count(), 1);
    QCOMPARE(dataset->currentData().toString(), QStringLiteral("questions"));
    for (const QString& objective : {QStringLiteral("dpo"), QStringLiteral("ipo"), QStringLiteral("orpo"),
                                     QStringLiteral("simpo")}) {
        form.setObjective(objective);
        QCOMPARE(dataset->count(), 1);
        QCOMPARE(dataset->currentData().toString(), QStringLiteral("pairs"));
    }
}

LW_TEST_MAIN(TestFinetuneCommandLine)
#include "test_finetune_command_line.moc"
