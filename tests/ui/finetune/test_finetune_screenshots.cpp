// The Fine-tune panel in the window at 1280x800, in English and Vietnamese, on a demo
// project with a real demo model: before a run with a real check's report, after a
// replayed real DPO demo fine-tune (curves, rewards, answers side by side), the
// "Evaluate checkpoints" box with a task, a real classification check's report on
// labelled texts with a class missing, and the Chat panel with the fine-tune's adapter
// picked. It draws, and no label, button or
// header is cut (text_fit_check.h). With LW_SCREENSHOT_DIR set the pictures are kept.
#include "../shell/screenshot_saver.h"
#include "../shell/text_fit_check.h"
#include "finetune_fixture.h"
#include "test_registry.h"
#include "ui/panels/chat/adapter_picker.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/model_session.h"
#include "ui/panels/finetune/check_report_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/widgets/eval_tasks_box.h"

#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSet>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::finetune;

class TestFinetuneScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void drawsAndFitsInEnglish() { drawAndCheck(QStringLiteral("en")); }
    void drawsAndFitsInVietnamese() { drawAndCheck(QStringLiteral("vi")); }
    void cleanupTestCase();

private:
    void drawAndCheck(const QString& language);
    void save(QWidget* widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_outDir;
    QString m_worker;
    QString m_dpoEvents;
    finetune_test::FinetuneFixture m_fixture;
    std::unique_ptr<MainWindow> m_window;
};

void TestFinetuneScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_worker = ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    QVERIFY(finetune_test::makeFinetuneFixture(m_dir.path(), m_worker, &m_fixture));
    // A DPO demo fine-tune too, for its rewards chart.
    QByteArray out;
    QVERIFY(finetune_test::runWorker(
        m_worker,
        {QStringLiteral("finetune"), QStringLiteral("--demo"), QStringLiteral("--objective"), QStringLiteral("dpo"),
         QStringLiteral("--project"), m_fixture.projectDir, QStringLiteral("--max-steps"), QStringLiteral("24"),
         QStringLiteral("--eval-every"), QStringLiteral("8"), QStringLiteral("--events")},
        &out, 400000));
    m_dpoEvents = m_dir.filePath(QStringLiteral("dpo-events.jsonl"));
    QFile file(m_dpoEvents);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(out);
    file.close();
    // Labelled texts that never answer one of their classes: the classification check's
    // report then has an error and warnings to show.
    finetune_test::importOnlyHamMessages(m_fixture.projectDir);

    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QSignalSpy opened(m_window.get(), &MainWindow::projectOpened);
    m_window->openProject(m_fixture.projectDir);
    QVERIFY(opened.wait(30000));
    m_window->showPanel(m_window->finetunePanel());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->finetunePanel()->form()->catalog().demoBase.isEmpty(), 30000);
}

void TestFinetuneScreenshots::drawAndCheck(const QString& language)
{
    m_window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events
    FinetunePanel* panel = m_window->finetunePanel();
    m_window->showPanel(panel);
    QStringList cut;

    // Before a run: the check's report of the DPO demo settings.
    panel->form()->setObjective(QStringLiteral("dpo"));
    QSignalSpy checked(panel, &FinetunePanel::checkFinished);
    panel->check();
    QVERIFY(checked.wait(300000));
    QVERIFY(panel->checkView()->hasReport());
    QTest::qWait(200);
    save(m_window.get(), QStringLiteral("finetune-check-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("check: ") + line;

    // After a DPO demo fine-tune (its real events, replayed).
    m_window->supervisor()->setWorkerProgram(finetune_test::replayWorker(m_dir.path(), m_dpoEvents));
    QSignalSpy ended(panel, &FinetunePanel::runEnded);
    panel->startDemo();
    QVERIFY(ended.wait(30000));
    m_window->supervisor()->setWorkerProgram(m_worker);
    QVERIFY(panel->comparisonTable()->rowCount() > 0);
    QTest::qWait(300);
    save(m_window.get(), QStringLiteral("finetune-run-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("run: ") + line;

    // The "Evaluate checkpoints" box with a task, scrolled into view.
    panel->form()->setObjective(QStringLiteral("sft"));
    panel->form()->setEvalTasks({QStringLiteral("perplexity:text-file=/data/held_out.txt,context=256"),
                                 QStringLiteral("mc:data=/data/questions.csv,limit=100")});
    auto* scroll = qobject_cast<QScrollArea*>(panel->form()->parentWidget()->parentWidget());
    QVERIFY(scroll);
    scroll->ensureWidgetVisible(panel->form()->evalTasksBox());
    QTest::qWait(200);
    save(m_window.get(), QStringLiteral("finetune-eval-tasks-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("eval tasks: ") + line;
    panel->form()->setEvalTasks({});

    // A classification check on labelled texts that never answer one of their classes.
    panel->form()->setObjective(QStringLiteral("classify"));
    scroll->ensureWidgetVisible(panel->form()->editor(QStringLiteral("trainable_blocks")));
    QVERIFY(panel->form()->setDataset(QStringLiteral("only-ham")));
    panel->check();
    QVERIFY(checked.wait(300000));
    QVERIFY(panel->checkView()->blocking());
    QTest::qWait(200);
    save(m_window.get(), QStringLiteral("finetune-classify-check-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("classification check: ") + line;
    panel->form()->setObjective(QStringLiteral("sft"));

    // Chat with the SFT fine-tune's adapter.
    ChatPanel* chat = m_window->chatPanel();
    m_window->showPanel(chat);
    chat->chatWithAdapter(m_fixture.demoRunId, m_fixture.adapterDir);
    QTRY_VERIFY_WITH_TIMEOUT(chat->adapterPicker()->currentDir() == m_fixture.adapterDir, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(chat->session()->isLoaded() &&
                                 chat->session()->info().adapterDir == m_fixture.adapterDir,
                             60000);
    QTest::qWait(300);
    save(m_window.get(), QStringLiteral("chat-adapter-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("chat: ") + line;
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestFinetuneScreenshots::save(QWidget* widget, const QString& name)
{
    QVERIFY2(screenshots::saveDrawn(widget, m_outDir, name), qPrintable(name));
}

void TestFinetuneScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestFinetuneScreenshots)
#include "test_finetune_screenshots.moc"
