// The Train panel with the real worker (llmwb) and real stores: the form comes from
// core, the model shape reports its size as it is typed, dropped text files are taken,
// and a run started by clicking draws its curves while the GUI thread stays free; the
// run's status under the charts is said again in the language chosen while it shows.
#include "core/model/model_config.h"
#include "core/train/train_config.h"
#include "ui/panels/train/config_field_texts.h"
#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/file_drop_list.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/model_shape_editor.h"
#include "ui/panels/train/run_feed.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_panel.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/json_bridge.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/preferences.h"
#include "ui/shell/stall_meter.h"
#include "ui/train/ui_test_support.h"
#include "train_panel_fixture.h"
#include "ui/widgets/loss_chart.h"
#include "test_registry.h"

#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace lw::ui;

using train_test::PanelFixture;

class TestTrainPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formComesFromCore();
    void helpTranslationsCoverCore();
    void runStatusFollowsTheLanguage();
    void zeroReadsAsItsMeaning();
    void shapeEditorUpdatesAsYouType();
    void droppedTextFileIsAdded();
    void runDrawsCurvesWithoutStallingTheGui();
    void pauseAndResumeByClicking();

private:
    QTemporaryDir m_dir;
    DemoProjectInfo m_demo;
};

void TestTrainPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_demo = ui_test::makeDemoProject(m_dir.filePath(QStringLiteral("demo")));
    QVERIFY(!m_demo.datasetName.isEmpty());
    QCOMPARE(m_demo.preset, QStringLiteral("demo"));
}

void TestTrainPanel::formComesFromCore()
{
    HyperparameterForm form;
    const QJsonObject defaults = toQJson(lw::train::TrainConfig().toJson());
    const QJsonObject values = form.values();
    int fields = 0;
    for (const auto& [key, help] : lw::train::trainConfigHelp()) {
        const QString name = QString::fromStdString(key);
        if (HyperparameterForm::isExcluded(name))
            continue;
        ++fields;
        QWidget* editor = form.editor(name);
        QVERIFY2(editor, qPrintable(name));
        QVERIFY2(editor->toolTip().contains(QString::fromStdString(help)), qPrintable(name));
        QVERIFY2(values.value(name) == defaults.value(name) ||
                     values.value(name).toDouble() == defaults.value(name).toDouble(),
                 qPrintable(name));
    }
    QCOMPARE(form.keys().size(), fields);
    // Integer fields get integer editors, real ones keep their small values exactly.
    QVERIFY(qobject_cast<QSpinBox*>(form.editor(QStringLiteral("batch_size"))));
    form.setValues({{QStringLiteral("learning_rate"), 3e-5}, {QStringLiteral("adam_eps"), 1e-8}});
    QCOMPARE(form.values().value("learning_rate").toDouble(), 3e-5);
    QCOMPARE(form.values().value("adam_eps").toDouble(), 1e-8);
    // What the form produces, core accepts.
    QJsonObject config = form.values();
    config.insert(QStringLiteral("model"), toQJson(lw::model::presetConfig("tiny").toJson()));
    config.insert(QStringLiteral("dataset"), m_demo.datasetDir);
    QVERIFY_THROWS_NO_EXCEPTION(lw::train::TrainConfig::fromJson(fromQJson(config)).validate());
}

void TestTrainPanel::helpTranslationsCoverCore()
{
    const QStringList texts = translatableConfigHelpTexts();
    for (const auto& [key, help] : lw::train::trainConfigHelp())
        QVERIFY2(texts.contains(QString::fromStdString(help)), key.c_str());
    for (const auto& [key, help] : lw::model::modelConfigHelp())
        QVERIFY2(texts.contains(QString::fromStdString(help)), key.c_str());
    const QStringList presets = translatablePresetDescriptions();
    for (const auto& preset : lw::model::modelPresets())
        QVERIFY2(presets.contains(QString::fromStdString(preset.description)), preset.name.c_str());
}

void TestTrainPanel::runStatusFollowsTheLanguage()
{
    RunProgressView view;
    view.setStatus(QStringLiteral("completed"));
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Completed"));
    LanguageSwitcher language;
    QVERIFY(language.apply(QStringLiteral("vi")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Hoàn tất"));
    view.setStatus(QStringLiteral("failed"), QStringLiteral("out of memory"));
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Thất bại: out of memory"));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Failed: out of memory"));
    // A free text (a stage's progress) is shown as given, and no status comes back over it.
    view.setStatusText(QStringLiteral("Preparing"));
    QVERIFY(language.apply(QStringLiteral("vi")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(view.statusLabel()->text(), QStringLiteral("Preparing"));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

void TestTrainPanel::zeroReadsAsItsMeaning()
{
    HyperparameterForm form;
    auto* checkpoints = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("checkpoint_every")));
    auto* validation = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("eval_every")));
    auto* steps = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("max_steps")));
    QVERIFY(checkpoints && validation && steps);
    checkpoints->setValue(0);
    validation->setValue(0);
    QCOMPARE(checkpoints->text(), QStringLiteral("only at the end"));
    QCOMPARE(validation->text(), QStringLiteral("never"));
    QVERIFY(steps->specialValueText().isEmpty()); // its help gives 0 no meaning
    checkpoints->setValue(25);
    QCOMPARE(checkpoints->text(), QStringLiteral("25"));
    QCOMPARE(form.values().value(QStringLiteral("checkpoint_every")).toInteger(), 25);
    checkpoints->setValue(0);
    QCOMPARE(form.values().value(QStringLiteral("checkpoint_every")).toInteger(), 0); // the job still gets 0

    LanguageSwitcher language;
    QVERIFY(language.apply(QStringLiteral("vi")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(checkpoints->text(), QStringLiteral("chỉ lưu ở cuối"));
    QCOMPARE(validation->text(), QStringLiteral("không bao giờ"));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(checkpoints->text(), QStringLiteral("only at the end"));
}

void TestTrainPanel::shapeEditorUpdatesAsYouType()
{
    ModelShapeEditor editor;
    editor.show();
    editor.setVocabSize(512);
    editor.selectPreset(QStringLiteral("tiny"));
    auto tinyConfig = lw::model::presetConfig("tiny");
    tinyConfig.vocab_size = 512;
    QCOMPARE(editor.parameterCount(), tinyConfig.parameterCount());
    auto* label = editor.findChild<QLabel*>(QStringLiteral("parameterCount"));
    const QString before = label->text();

    auto* layers = editor.findChild<QSpinBox*>(QStringLiteral("n_layer"));
    layers->selectAll();
    QTest::keyClicks(layers, QStringLiteral("6"));
    QTest::keyClick(layers, Qt::Key_Enter);
    tinyConfig.n_layer = 6;
    QCOMPARE(editor.parameterCount(), tinyConfig.parameterCount());
    QVERIFY(label->text() != before);
    QCOMPARE(editor.presetName(), QString()); // now a custom shape

    auto* heads = editor.findChild<QSpinBox*>(QStringLiteral("n_head"));
    heads->setValue(3); // does not divide 64
    QVERIFY(!editor.validationError().isEmpty());
    QVERIFY(editor.findChild<QLabel*>(QStringLiteral("shapeError"))->isVisible());
    heads->setValue(4);
    QVERIFY(editor.validationError().isEmpty());
}

void TestTrainPanel::droppedTextFileIsAdded()
{
    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    FileDropList* list = panel.setupView()->datasetSection()->fileList();
    const QString text = m_dir.filePath(QStringLiteral("story.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Once upon a time there was a tiny model.\n");
    file.close();
    const QString image = m_dir.filePath(QStringLiteral("picture.png"));
    QFile png(image);
    QVERIFY(png.open(QIODevice::WriteOnly));
    png.write(QByteArray::fromHex("89504e470d0a1a0a0000000d49484452"));
    png.close();

    auto drop = [&](const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint at = list->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &enter);
        const bool accepted = enter.isAccepted();
        QDropEvent dropEvent(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        if (accepted)
            QApplication::sendEvent(list->viewport(), &dropEvent);
        return accepted;
    };
    QVERIFY(drop(text));
    QCOMPARE(list->paths(), QStringList{text});
    QVERIFY(!drop(image));
    QCOMPARE(list->paths(), QStringList{text});
    // The files feed the tokenizer section: training one becomes possible.
    QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("trainTokenizerButton"))->isEnabled());
}

void TestTrainPanel::runDrawsCurvesWithoutStallingTheGui()
{
    PanelFixture f(m_demo, 60, 20);
    TrainPanel& panel = f.panel;
    QCOMPARE(panel.setupView()->datasetSection()->currentDataset()->name, m_demo.datasetName);
    QVERIFY(panel.startButton()->isEnabled());
    LossChart* chart = panel.charts()->lossChart();
    QSignalSpy replotted(chart, &LossChart::replotted);
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    StallMeter stalls;
    stalls.start();

    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(panel.cancelButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("loss")) > 0, 30000);
    QVERIFY(replotted.count() > 0 || replotted.wait(2000));
    QVERIFY(ended.wait(120000));
    stalls.stop();

    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
    QCOMPARE(chart->pointCount(QStringLiteral("loss")), 60);
    QVERIFY(chart->pointCount(QStringLiteral("val_loss")) >= 3);
    QCOMPARE(chart->pointCount(QStringLiteral("lr")), 60);
    QCOMPARE(panel.charts()->throughputChart()->pointCount(QStringLiteral("tokens_per_s")), 60);
    QVERIFY(panel.progressView()->sampleCount() >= 3);
    QCOMPARE(panel.progressView()->progressBar()->value(), panel.progressView()->progressBar()->maximum());
    QVERIFY(panel.startButton()->isEnabled());
    qInfo("GUI thread: longest stall %.1f ms over %lld ticks during the run", stalls.longestStallMs(),
          stalls.ticks());
    QVERIFY2(stalls.longestStallMs() < 100, qPrintable(QString::number(stalls.longestStallMs())));
}

void TestTrainPanel::pauseAndResumeByClicking()
{
    PanelFixture f(m_demo, 5000, 1000);
    TrainPanel& panel = f.panel;
    QVERIFY(panel.startButton()->isEnabled());
    LossChart* chart = panel.charts()->lossChart();
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("loss")) >= 3, 30000);
    QSignalSpy status(panel.currentFeed(), &RunFeed::statusChanged);

    QVERIFY(panel.pauseButton()->isEnabled());
    QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty() && status.last().first().toString() == "paused", 10000);
    QVERIFY(panel.resumeButton()->isEnabled());
    QVERIFY(!panel.pauseButton()->isEnabled());
    QTest::qWait(300); // the last step before the pause may still be on its way
    const int pausedAt = chart->pointCount(QStringLiteral("loss"));
    QTest::qWait(1000);
    QCOMPARE(chart->pointCount(QStringLiteral("loss")), pausedAt);

    QTest::mouseClick(panel.resumeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status.last().first().toString() == "running", 10000);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(QStringLiteral("loss")) > pausedAt + 2, 20000);

    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    QVERIFY(ended.wait(30000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
    QVERIFY(panel.resumeButton()->isEnabled()); // a cancelled run can be continued
}

LW_TEST_MAIN(TestTrainPanel)
#include "test_train_panel.moc"
