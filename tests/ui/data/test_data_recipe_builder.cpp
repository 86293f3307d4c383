// The recipe builder without a worker: steps added with their defaults, reordered,
// removed and edited through their forms; the recipe saved and loaded back unchanged;
// a bad recipe file refused with the step at fault; a filter result shown as counts per
// step and removed samples with their reasons.
#include "ui/panels/data/recipe_page.h"
#include "ui/panels/data/step_settings_form.h"
#include "ui/shell/job_supervisor.h"
#include "test_registry.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::data;

class TestDataRecipeBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepsAreAddedMovedAndRemoved();
    void formEditsTheStep();
    void recipeRoundTripsThroughAFile();
    void badRecipeFileIsRefused();
    void resultFillsTheTables();
};

namespace {

QStringList kinds(const QJsonArray& recipe)
{
    QStringList list;
    for (const QJsonValue& step : recipe)
        list << step.toObject().value(QStringLiteral("step")).toString();
    return list;
}

} // namespace

void TestDataRecipeBuilder::stepsAreAddedMovedAndRemoved()
{
    JobSupervisor supervisor;
    RecipePage page(&supervisor);
    page.addStep(QStringLiteral("length"));
    page.addStep(QStringLiteral("exact_dedup"));
    page.addStep(QStringLiteral("pii"));
    QCOMPARE(kinds(page.recipe()), (QStringList{"length", "exact_dedup", "pii"}));
    QCOMPARE(page.stepList()->currentRow(), 2); // the new step is selected
    page.moveCurrentStep(-1);
    QCOMPARE(kinds(page.recipe()), (QStringList{"length", "pii", "exact_dedup"}));
    QCOMPARE(page.stepList()->currentRow(), 1);
    page.moveCurrentStep(-5); // past the top: nothing moves
    page.moveCurrentStep(-1);
    QCOMPARE(kinds(page.recipe()), (QStringList{"pii", "length", "exact_dedup"}));
    page.removeCurrentStep();
    QCOMPARE(kinds(page.recipe()), (QStringList{"length", "exact_dedup"}));
    QCOMPARE(page.stepList()->count(), 2);
    // Without a dataset there is nothing to run.
    QVERIFY(!page.runButton()->isEnabled());
    page.setDataset(QStringLiteral("raw"));
    QVERIFY(page.runButton()->isEnabled());
    QCOMPARE(page.newNameEdit()->text(), QStringLiteral("raw-filtered"));
}

void TestDataRecipeBuilder::formEditsTheStep()
{
    JobSupervisor supervisor;
    RecipePage page(&supervisor);
    page.addStep(QStringLiteral("length"));
    auto* max = qobject_cast<QSpinBox*>(page.settingsForm()->editor(QStringLiteral("max")));
    QVERIFY(max);
    QCOMPARE(max->value(), 2000); // the default
    max->setValue(512);
    QCOMPARE(page.recipe().at(0).toObject().value(QStringLiteral("max")).toInt(), 512);
    QVERIFY(page.stepList()->item(0)->text().contains(QStringLiteral("max=512")));
    page.addStep(QStringLiteral("language"));
    auto* keep = qobject_cast<QLineEdit*>(page.settingsForm()->editor(QStringLiteral("keep")));
    QVERIFY(keep);
    QCOMPARE(keep->text(), QStringLiteral("en, vi"));
    keep->clear();
    QTest::keyClicks(keep, QStringLiteral("vi, fr"));
    const QJsonArray languages = page.recipe().at(1).toObject().value(QStringLiteral("keep")).toArray();
    QCOMPARE(languages, (QJsonArray{QStringLiteral("vi"), QStringLiteral("fr")}));
}

void TestDataRecipeBuilder::recipeRoundTripsThroughAFile()
{
    QTemporaryDir dir;
    JobSupervisor supervisor;
    RecipePage page(&supervisor);
    page.addStep(QStringLiteral("regex"));
    page.addStep(QStringLiteral("near_dedup"));
    const QString path = dir.filePath(QStringLiteral("recipe.json"));
    QString error;
    QVERIFY2(page.saveRecipe(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).array(), page.recipe());
    RecipePage other(&supervisor);
    QVERIFY2(other.loadRecipe(path, &error), qPrintable(error));
    QCOMPARE(other.recipe(), page.recipe());
    QCOMPARE(other.stepList()->count(), 2);
}

void TestDataRecipeBuilder::badRecipeFileIsRefused()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"step":"length"},{"step":"glitter"}])");
    file.close();
    JobSupervisor supervisor;
    RecipePage page(&supervisor);
    page.addStep(QStringLiteral("pii"));
    QString error;
    QVERIFY(!page.loadRecipe(file.fileName(), &error));
    QVERIFY2(error.contains(QStringLiteral("bad.json")) && error.contains(QStringLiteral("glitter")), qPrintable(error));
    QCOMPARE(kinds(page.recipe()), QStringList{QStringLiteral("pii")}); // unchanged
}

void TestDataRecipeBuilder::resultFillsTheTables()
{
    JobSupervisor supervisor;
    RecipePage page(&supervisor);
    FilterResult result;
    result.dataset = QStringLiteral("clean");
    result.rowsIn = 10;
    result.rowsOut = 6;
    StepResult length;
    length.step = QJsonObject{{QStringLiteral("step"), QStringLiteral("length")}};
    length.rowsIn = 10;
    length.rowsOut = 7;
    length.removed = {{3, QStringLiteral("/d/a.jsonl"), 4, QStringLiteral("too short"), QStringLiteral("hi")},
                      {8, QStringLiteral("/d/a.jsonl"), 9, QStringLiteral("too short"), QStringLiteral("ok")}};
    StepResult dedup;
    dedup.step = QJsonObject{{QStringLiteral("step"), QStringLiteral("exact_dedup")}};
    dedup.rowsIn = 7;
    dedup.rowsOut = 6;
    dedup.removed = {{5, QStringLiteral("/d/b.jsonl"), 2, QStringLiteral("duplicate of row 1"), QStringLiteral("x")}};
    result.steps = {length, dedup};
    page.showResult(result);
    QCOMPARE(page.countsTable()->rowCount(), 2);
    QCOMPARE(page.countsTable()->item(1, 1)->text(), QStringLiteral("7"));
    QCOMPARE(page.countsTable()->item(1, 2)->text(), QStringLiteral("6"));
    QCOMPARE(page.removedTable()->rowCount(), 3); // 2 + 1 samples
    QCOMPARE(page.removedTable()->item(1, 1)->text(), QStringLiteral("a.jsonl:9"));
    QCOMPARE(page.removedTable()->item(2, 2)->text(), QStringLiteral("duplicate of row 1"));
}

LW_TEST_MAIN(TestDataRecipeBuilder)
#include "test_data_recipe_builder.moc"
