// The Train panel's form: it comes back as it was left (the demo project with the
// demo's settings), names invalid fields by their labels and refuses 0 layers with a
// message, warns before a model that cannot fit in memory, sizes a new tokenizer by its
// corpus by default, starts on Ctrl+Return wherever the focus is, and copies a command
// line that, run with the real llmwb, stores the configuration the panel would.
#include "core/model/model_config.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/train_config.h"
#include "ui/panels/train/config_error_text.h"
#include "ui/panels/train/config_field_texts.h"
#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/machine_memory.h"
#include "ui/panels/train/model_shape_editor.h"
#include "ui/panels/train/saved_train_setup.h"
#include "ui/panels/train/tokenizer_section.h"
#include "ui/panels/train/train_command_line.h"
#include "ui/panels/train/train_jobs.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/json_bridge.h"
#include "train_panel_fixture.h"
#include "test_registry.h"

#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QRegularExpression>
#include <QtTest>

using namespace lw::ui;
using train_test::PanelFixture;

namespace {

// The newest runs of a project, newest first, with their stored configurations.
std::vector<lw::store::RunRecord> newestRuns(const QString& projectDir, int count)
{
    auto project = lw::store::Project::open(projectDir.toStdString());
    lw::store::Store store = project.openStoreForListing();
    lw::store::RunQuery query;
    query.limit = count;
    return store.listRuns(query);
}

// MemTotal of /proc/meminfo, in bytes: the computer's memory, read apart from the panel.
double memTotalBytes()
{
    QFile file(QStringLiteral("/proc/meminfo"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("MemTotal:"))
            return line.mid(9).trimmed().split(' ').first().toDouble() * 1024;
    return 0;
}

} // namespace

class TestTrainSetup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void setupComesBackOnTheNextStart();
    void demoProjectKeepsTheDemoSettings();
    void invalidFieldsAreNamedByTheirLabels();
    void everyCoreErrorNamesTheLabel_data();
    void everyCoreErrorNamesTheLabel();
    void modelTooBigForTheMemoryIsFlagged();
    void gpuMemoryComesFromNvidiaSmi();
    void newTokenizerIsSizedByItsCorpus();
    void ctrlReturnStartsWhereverTheFocusIs();
    void copiedCommandTrainsTheSameConfiguration();
    void checkpointEvaluationsReachTheWorker();

private:
    QTemporaryDir m_dir;
    DemoProjectInfo m_demo;
};

void TestTrainSetup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_demo = ui_test::makeDemoProject(m_dir.filePath(QStringLiteral("demo")));
}

void TestTrainSetup::setupComesBackOnTheNextStart()
{
    QJsonObject left;
    QString preset;
    {
        PanelFixture f(m_demo, 40, 20);
        TrainSetupView* setup = f.panel.setupView();
        setup->shapeEditor()->selectPreset(QStringLiteral("tiny"));
        setup->findChild<QSpinBox*>(QStringLiteral("n_layer"))->setValue(3); // custom now
        setup->hyperparameters()->setValues({{"learning_rate", 3e-4}, {"max_steps", 77},
                                             {"sample_prompt", "The dragon"}, {"shuffle", false}});
        setup->findChild<QPlainTextEdit*>(QStringLiteral("evalTasks"))
            ->setPlainText(QStringLiteral("perplexity:text-file=/tmp/held out.txt\n\nmc:data=/tmp/q.csv,limit=10\n"));
        QSignalSpy saved(&f.panel, &TrainPanel::setupSaved);
        QVERIFY(saved.wait(5000));
        left = setup->trainConfig();
        preset = setup->shapeEditor()->presetName();
        QCOMPARE(preset, QString()); // a custom shape
    }
    // The next start of the app opens the project, not the demo: the form is as left.
    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    panel.setProjectDir(m_demo.projectDir);
    QVERIFY(refreshed.wait(20000));
    QCOMPARE(panel.setupView()->trainConfig(), left);
    QCOMPARE(panel.setupView()->shapeEditor()->presetName(), preset);
    QCOMPARE(panel.setupView()->datasetSection()->currentDataset()->name, m_demo.datasetName);
    QCOMPARE(panel.setupView()->trainConfig().value("model").toObject().value("n_layer").toInt(), 3);
    QCOMPARE(panel.setupView()->evalTasks(), (QStringList{QStringLiteral("perplexity:text-file=/tmp/held out.txt"),
                                                          QStringLiteral("mc:data=/tmp/q.csv,limit=10")}));
}

void TestTrainSetup::demoProjectKeepsTheDemoSettings()
{
    QFile::remove(savedTrainSetupPath(m_demo.projectDir));
    {
        // The first start: the demo project with the demo's configuration.
        JobSupervisor supervisor;
        TrainPanel panel(&supervisor, nullptr);
        QSignalSpy saved(&panel, &TrainPanel::setupSaved);
        panel.applyDemo(m_demo);
        QVERIFY(saved.wait(20000));
    }
    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    panel.setProjectDir(m_demo.projectDir);
    QVERIFY(refreshed.wait(20000));
    TrainSetupView* setup = panel.setupView();
    QCOMPARE(setup->shapeEditor()->presetName(), m_demo.preset);
    const QJsonObject values = setup->hyperparameters()->values();
    for (const QString& key : setup->hyperparameters()->keys()) {
        if (!m_demo.config.contains(key))
            continue;
        const QJsonValue demo = m_demo.config.value(key);
        QVERIFY2(values.value(key) == demo || values.value(key).toDouble() == demo.toDouble(), qPrintable(key));
    }
    QCOMPARE(values.value("sample_prompt").toString(), m_demo.config.value("sample_prompt").toString());
}

void TestTrainSetup::invalidFieldsAreNamedByTheirLabels()
{
    PanelFixture f(m_demo, 40, 20);
    TrainPanel& panel = f.panel;
    ModelShapeEditor* shape = panel.setupView()->shapeEditor();
    auto* layers = shape->findChild<QSpinBox*>(QStringLiteral("n_layer"));
    layers->selectAll();
    QTest::keyClicks(layers, QStringLiteral("0"));
    QTest::keyClick(layers, Qt::Key_Enter);
    QCOMPARE(layers->value(), 0); // kept, not put back to 1 by the spin box
    QCOMPARE(shape->validationError(), QString("Layers: must be at least 1 (it is 0)"));
    QVERIFY(!panel.startButton()->isEnabled());
    QVERIFY(panel.hintLabel()->text().contains("Layers"));
    layers->setValue(2);

    auto* width = shape->findChild<QSpinBox*>(QStringLiteral("d_model"));
    auto* heads = shape->findChild<QSpinBox*>(QStringLiteral("n_head"));
    width->setValue(130);
    heads->setValue(4);
    QCOMPARE(shape->validationError(), QString("Heads: must divide Width (130 is not a multiple of 4)"));
    width->setValue(128);
    QVERIFY(shape->validationError().isEmpty());

    // A training setting core refuses in combination with another one.
    panel.setupView()->hyperparameters()->setValues({{"early_stopping_patience", 3}, {"eval_every", 0}});
    const QString problem = panel.setupView()->problem();
    QVERIFY2(problem.startsWith("Early-stopping patience:") && problem.contains("Evaluate every"), qPrintable(problem));
    QVERIFY(!problem.contains("eval_every"));
    QVERIFY(!panel.startButton()->isEnabled());
}

void TestTrainSetup::everyCoreErrorNamesTheLabel_data()
{
    QTest::addColumn<QString>("field"); // the field core names in its message
    QTest::addColumn<QJsonObject>("settings");
    QTest::addColumn<QJsonObject>("model");
    QTest::newRow("batch") << "batch_size" << QJsonObject{{"batch_size", 0}} << QJsonObject();
    QTest::newRow("steps") << "max_steps" << QJsonObject{{"max_steps", 0}} << QJsonObject();
    QTest::newRow("sequence") << "context" << QJsonObject{{"context", 99999}} << QJsonObject();
    QTest::newRow("learning rate") << "learning_rate" << QJsonObject{{"learning_rate", 0.0}} << QJsonObject();
    QTest::newRow("final ratio") << "min_lr_ratio" << QJsonObject{{"min_lr_ratio", 2.0}} << QJsonObject();
    QTest::newRow("beta1") << "beta1" << QJsonObject{{"beta1", 1.0}} << QJsonObject();
    QTest::newRow("epsilon") << "adam_eps" << QJsonObject{{"adam_eps", 0.0}} << QJsonObject();
    QTest::newRow("kept") << "keep_checkpoints" << QJsonObject{{"keep_checkpoints", 0}} << QJsonObject();
    QTest::newRow("patience") << "early_stopping_patience"
                              << QJsonObject{{"early_stopping_patience", 2}, {"eval_every", 0}} << QJsonObject();
    QTest::newRow("layers") << "n_layer" << QJsonObject() << QJsonObject{{"n_layer", 0}};
    QTest::newRow("heads") << "n_head" << QJsonObject() << QJsonObject{{"n_head", 3}};
    QTest::newRow("kv heads") << "n_kv_head" << QJsonObject() << QJsonObject{{"n_kv_head", 3}};
    QTest::newRow("dropout") << "dropout" << QJsonObject() << QJsonObject{{"dropout", 1.0}};
}

void TestTrainSetup::everyCoreErrorNamesTheLabel()
{
    QFETCH(QString, field);
    QFETCH(QJsonObject, settings);
    QFETCH(QJsonObject, model);
    // What core itself says about the bad value...
    nlohmann::json config = lw::train::TrainConfig().toJson();
    config["dataset"] = m_demo.datasetDir.toStdString();
    config["model"] = lw::model::presetConfig("tiny").toJson();
    for (auto it = settings.constBegin(); it != settings.constEnd(); ++it)
        config[it.key().toStdString()] = fromQJson(QJsonObject{{it.key(), it.value()}})[it.key().toStdString()];
    for (auto it = model.constBegin(); it != model.constEnd(); ++it)
        config["model"][it.key().toStdString()] = fromQJson(QJsonObject{{it.key(), it.value()}})[it.key().toStdString()];
    QString message;
    try {
        lw::train::TrainConfig::fromJson(config).validate();
    } catch (const std::exception& e) {
        message = QString::fromUtf8(e.what());
    }
    QVERIFY2(message.contains(field), qPrintable(message));
    // ...is said with the form's label, and no config key is left in it.
    const QString described = describeConfigError(message);
    QVERIFY2(described.startsWith(configFieldLabel(field) + ": "), qPrintable(described));
    static const QRegularExpression key(QStringLiteral("\\b[a-z]+(_[a-z]+)+\\b|model\\."));
    QVERIFY2(!described.contains(key), qPrintable(message + " -> " + described));
}

void TestTrainSetup::modelTooBigForTheMemoryIsFlagged()
{
    PanelFixture f(m_demo, 40, 20);
    TrainPanel& panel = f.panel;
    ModelShapeEditor* shape = panel.setupView()->shapeEditor();
    auto* warning = shape->findChild<QLabel*>(QStringLiteral("memoryWarning"));
    QVERIFY(!warning->isVisible());
    // GPT-2 medium's width with 96 layers: far beyond any test machine's memory.
    shape->findChild<QSpinBox*>(QStringLiteral("n_layer"))->setValue(96);
    shape->findChild<QSpinBox*>(QStringLiteral("d_model"))->setValue(4096);
    shape->findChild<QSpinBox*>(QStringLiteral("n_head"))->setValue(32);
    const double total = memTotalBytes();
    QVERIFY(total > 0);
    QVERIFY(shape->estimatedBytes() > total);
    QVERIFY(shape->exceedsMemoryBudget());
    QTRY_VERIFY(warning->isVisible());
    // The computer's memory as /proc/meminfo has it, in GiB with one decimal.
    const QString gib = QLocale().toString(total / (1024.0 * 1024 * 1024), 'f', 1);
    QVERIFY2(warning->text().contains(gib + " GiB") && warning->text().contains("this computer"),
             qPrintable(warning->text() + " / " + gib));
    // Starting asks first; declining starts nothing.
    QVERIFY(panel.startButton()->isEnabled());
    train_test::MessageBoxAnswerer answer(QStringLiteral("memoryQuestion"), QStringLiteral("cancel"));
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(answer.answered());
    QVERIFY(answer.text().contains(gib));
    QVERIFY(f.supervisor.activeJobs().isEmpty());
    QVERIFY(!panel.isBusy());
    // A model that fits: no warning.
    shape->selectPreset(QStringLiteral("tiny"));
    QVERIFY(!shape->exceedsMemoryBudget());
    QTRY_VERIFY(!warning->isVisible());
}

void TestTrainSetup::gpuMemoryComesFromNvidiaSmi()
{
    // `nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits` on a machine
    // with an 80 GB H100 and a 24 GB card: one line per GPU, in MiB.
    const QByteArray output("81559\n24564\n");
    QCOMPARE(parseNvidiaSmiTotalMemory(output, 0), qint64(81559) * 1024 * 1024);
    QCOMPARE(parseNvidiaSmiTotalMemory(output, 1), qint64(24564) * 1024 * 1024);
    QCOMPARE(parseNvidiaSmiTotalMemory(output, 2), qint64(0));
    QCOMPARE(parseNvidiaSmiTotalMemory("No devices were found\n", 0), qint64(0));
    QCOMPARE(cudaDeviceIndex("cuda"), 0);
    QCOMPARE(cudaDeviceIndex("cuda:1"), 1);
    QCOMPARE(cudaDeviceIndex("cpu"), -1);
    // On the CPU, the budget is the computer's memory, as /proc/meminfo has it.
    DeviceMemoryProbe probe;
    QCOMPARE(double(probe.memoryFor("cpu")), memTotalBytes());
}

void TestTrainSetup::newTokenizerIsSizedByItsCorpus()
{
    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    const QString project = m_dir.filePath(QStringLiteral("small-corpus"));
    lw::store::Project::openOrCreate(project.toStdString(), "small corpus");
    panel.setProjectDir(project);
    QVERIFY(refreshed.wait(20000));
    TokenizerSection* tokenizer = panel.setupView()->tokenizerSection();
    QCOMPARE(tokenizer->vocabSize(), 0);
    QCOMPARE(tokenizer->findChild<QSpinBox*>(QStringLiteral("tokenizerVocabSize"))->text(), QString("Auto"));

    // A few sentences: far too little text for a fixed vocabulary of thousands.
    const QString text = m_dir.filePath(QStringLiteral("few-lines.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("The cat sat on the mat. The dog sat on the log.\nA bird sang on the branch of the tree.\n");
    file.close();
    panel.addTextFiles({text});
    auto* train = tokenizer->findChild<QPushButton*>(QStringLiteral("trainTokenizerButton"));
    QVERIFY(train->isEnabled());
    QSignalSpy ended(&supervisor, &JobSupervisor::jobEnded);
    QTest::mouseClick(train, Qt::LeftButton);
    QVERIFY(ended.wait(60000));
    const JobEnd end = ended.first().at(1).value<JobEnd>();
    QVERIFY2(end.kind == JobEnd::Kind::Finished, qPrintable(end.message));
    QTRY_VERIFY_WITH_TIMEOUT(!tokenizer->currentTokenizer().isEmpty(), 20000);
    QCOMPARE(tokenizer->currentTokenizer(), QString("bpe-auto"));
    auto project2 = lw::store::Project::open(project.toStdString());
    const auto records = project2.openStore().tokenizers();
    QCOMPARE(records.size(), size_t(1));
    QVERIFY(records.front().vocabSize > 256 && records.front().vocabSize < 8192);
}

void TestTrainSetup::ctrlReturnStartsWhereverTheFocusIs()
{
    PanelFixture f(m_demo, 2000, 1000);
    TrainPanel& panel = f.panel;
    QVERIFY(panel.startButton()->isEnabled());
    QVERIFY(panel.startButton()->toolTip().contains("Ctrl+Return"));
    // Deep in the form, in a field that takes Return itself.
    auto* steps = qobject_cast<QSpinBox*>(panel.setupView()->hyperparameters()->editor("max_steps"));
    steps->setFocus();
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::keyClick(steps, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(panel.isBusy());
    QVERIFY(panel.currentFeed());
    QTRY_VERIFY_WITH_TIMEOUT(panel.cancelButton()->isEnabled(), 10000);
    panel.cancelTraining();
    QVERIFY(ended.wait(60000));
}

void TestTrainSetup::copiedCommandTrainsTheSameConfiguration()
{
    PanelFixture f(m_demo, 4, 2);
    TrainPanel& panel = f.panel;
    f.preferences.setThreads(1);
    TrainSetupView* setup = panel.setupView();
    // A custom shape and settings off their defaults, a prompt that needs quoting.
    setup->shapeEditor()->selectPreset(QStringLiteral("tiny"));
    setup->findChild<QSpinBox*>(QStringLiteral("n_layer"))->setValue(3);
    setup->hyperparameters()->setValues({{"learning_rate", 3.5e-4}, {"max_steps", 4}, {"seed", 7},
                                         {"sample_prompt", "It's a \"test\""}, {"shuffle", false},
                                         {"lr_schedule", "linear"}, {"adam_eps", 1e-7}});
    QVERIFY(panel.copyCommandButton()->isEnabled());
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(&panel, Qt::Key_C, Qt::ControlModifier | Qt::AltModifier);
    const QString line = QGuiApplication::clipboard()->text();
    QCOMPARE(line, panel.commandLine());
    QStringList arguments = splitShellCommandLine(line);
    QVERIFY2(arguments.size() > 6, qPrintable(line));
    QVERIFY(arguments.contains("--n-layer") && arguments.contains("--learning-rate"));
    QVERIFY(!arguments.contains("--vocab-size")); // the dataset's tokenizer decides
    QCOMPARE(arguments.at(arguments.indexOf("--sample-prompt") + 1), QString("It's a \"test\""));

    // Run it as a terminal would, with the real llmwb.
    arguments.removeFirst();
    QProcess worker;
    worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    worker.start(qEnvironmentVariable("LLMWB_WORKER"), arguments);
    QVERIFY(worker.waitForFinished(120000));
    QCOMPARE(worker.exitCode(), 0);

    // And the same setup started from the panel.
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    QCOMPARE(ended.first().at(1).toString(), QString("completed"));

    const auto runs = newestRuns(m_demo.projectDir, 2);
    QCOMPARE(runs.size(), size_t(2));
    nlohmann::json fromPanel = runs[0].config, fromCommand = runs[1].config;
    QVERIFY2(fromPanel == fromCommand, (fromPanel.dump() + "\n" + fromCommand.dump()).c_str());
    QCOMPARE(fromCommand["model"]["n_layer"].get<int>(), 3);
    QCOMPARE(fromCommand["learning_rate"].get<double>(), 3.5e-4);
    QCOMPARE(QString::fromStdString(fromCommand["sample_prompt"].get<std::string>()), QString("It's a \"test\""));
    // What the panel hands its worker is what was stored.
    const QJsonObject started = panel.configToStart();
    for (auto it = started.constBegin(); it != started.constEnd(); ++it)
        if (it.key() != QLatin1String("model"))
            QVERIFY2(toQJson(fromPanel).value(it.key()) == it.value(), qPrintable(it.key()));
}

void TestTrainSetup::checkpointEvaluationsReachTheWorker()
{
    PanelFixture f(m_demo, 4, 2);
    TrainPanel& panel = f.panel;
    TrainSetupView* setup = panel.setupView();
    auto* tasks = setup->findChild<QPlainTextEdit*>(QStringLiteral("evalTasks"));
    QVERIFY(tasks);
    QVERIFY(setup->problem().isEmpty());
    // A task the worker would refuse blocks the start, named with the box's title.
    tasks->setPlainText(QStringLiteral("mc:shots=2"));
    QVERIFY2(setup->problem().contains(QStringLiteral("Evaluate checkpoints")) &&
                 setup->problem().contains(QStringLiteral("give exactly one of data")),
             qPrintable(setup->problem()));
    // Good ones, one per line (blank lines ignored), go to the worker as --eval-task.
    const QString perplexity = QStringLiteral("perplexity:text-file=/tmp/held out.txt,context=64");
    const QString mc = QStringLiteral("mc:data=/tmp/q.csv,limit=10");
    tasks->setPlainText(perplexity + QStringLiteral("\n\n  ") + mc + QStringLiteral("  \n"));
    QVERIFY2(setup->problem().isEmpty(), qPrintable(setup->problem()));
    QCOMPARE(setup->evalTasks(), (QStringList{perplexity, mc}));
    const QStringList line = splitShellCommandLine(panel.commandLine());
    QCOMPARE(line.at(line.indexOf(QStringLiteral("--eval-task")) + 1), perplexity);
    QCOMPARE(line.at(line.lastIndexOf(QStringLiteral("--eval-task")) + 1), mc);
    NewRunOptions options;
    options.projectDir = m_dir.path();
    options.dataset = QStringLiteral("stories");
    options.evalTasks = setup->evalTasks();
    QString error;
    const JobSpec job = newRunJob(options, &error);
    for (const QString& file : job.filesToRemoveAtEnd)
        QFile::remove(file);
    QCOMPARE(job.arguments.count(QStringLiteral("--eval-task")), 2);
    QCOMPARE(job.arguments.at(job.arguments.indexOf(QStringLiteral("--eval-task")) + 1), perplexity);
}

LW_TEST_MAIN(TestTrainSetup)
#include "test_train_setup.moc"
