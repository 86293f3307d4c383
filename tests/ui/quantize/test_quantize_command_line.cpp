// The Quantize panel's command lines: what each method passes to `llmwb quantize` or
// `llmwb prune`, the report that follows, and what the form must name before it runs.
#include "core/model/model_config.h"
#include "core/quant/calibrated_method.h"
#include "test_registry.h"
#include "ui/panels/quantize/quantize_command_line.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/quantize_methods.h"
#include "ui/shell/json_bridge.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::quantize;

class TestQuantizeCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundToNearestThenReport();
    void calibratedMethodsNameTheirData();
    void gptqAwqAndImportanceCarryTheirFlags();
    void formShowsTheFieldsOfTheMethod();
    void importanceFileReplacesCalibration();
    void pruningMethodsUsePrune();
    void missingInputIsNamed();
    void outputNamesAreSafe();
    void sizeEstimateFollowsTheBlockLayout();
    void sizeEstimatePlansTheTensorsOfAKnownShape();
    void everyCalibratedMethodIsListed();
    void formSuggestsANameUntilOneIsTyped();
};

namespace {

QuantizeRequest baseRequest(const QString& method)
{
    QuantizeRequest r;
    r.projectDir = QStringLiteral("/p");
    r.model = QStringLiteral("tiny");
    r.method = method;
    r.output = QStringLiteral("tiny-small");
    return r;
}

// The model the form tests pick: 4096 parameters named "tiny".
models::ModelEntry tinyModelEntry()
{
    models::ModelEntry a;
    a.spec = a.name = a.baseName = QStringLiteral("tiny");
    a.parameters = 4096;
    return a;
}

} // namespace

void TestQuantizeCommandLine::roundToNearestThenReport()
{
    QuantizeRequest r = baseRequest(QStringLiteral("q4_k_m"));
    r.reportDataset = QStringLiteral("held-out");
    r.reportContext = 256;
    QCOMPARE(quantizeArguments(r), QStringList({"quantize", "--model", "tiny", "--method", "q4_k_m", "--output",
                                                "tiny-small", "--project", "/p", "--events"}));
    QCOMPARE(reportArguments(r), QStringList({"quant-report", "--model", "tiny-small", "--reference", "tiny",
                                              "--dataset", "held-out", "--context", "256", "--project", "/p",
                                              "--events"}));
    const QList<JobSpec> jobs = quantizeJobs(r);
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(jobs.at(1).arguments, reportArguments(r));
    // A text file instead of a dataset; no report at all when neither is named.
    r.reportDataset.clear();
    r.reportTextFile = QStringLiteral("/data/notes.txt");
    r.reportContext = 0;
    QCOMPARE(reportArguments(r).mid(5, 2), QStringList({"--text-file", "/data/notes.txt"}));
    QVERIFY(!reportArguments(r).contains(QStringLiteral("--context")));
    r.reportTextFile.clear();
    QCOMPARE(quantizeJobs(r).size(), 1);
}

void TestQuantizeCommandLine::calibratedMethodsNameTheirData()
{
    QuantizeRequest r = baseRequest(QStringLiteral("2:4"));
    r.calibrationDataset = QStringLiteral("calib");
    r.calibrationSamples = 64;
    const QStringList arguments = quantizeArguments(r);
    QCOMPARE(arguments.first(), QStringLiteral("prune"));
    QCOMPARE(arguments.mid(7, 4), QStringList({"--dataset", "calib", "--calibration-samples", "64"}));
    r.calibrationSamples = 0; // the command's default: no flag
    QVERIFY(!quantizeArguments(r).contains(QStringLiteral("--calibration-samples")));
    // Round-to-nearest methods never pass calibration data, even when the form has some.
    r.method = QStringLiteral("q8_0");
    QVERIFY(!quantizeArguments(r).contains(QStringLiteral("--dataset")));
}

void TestQuantizeCommandLine::gptqAwqAndImportanceCarryTheirFlags()
{
    QuantizeRequest r = baseRequest(QStringLiteral("gptq-q4_0"));
    r.calibrationDataset = QStringLiteral("calib");
    // Default damping and act-order leave their flags out.
    QCOMPARE(quantizeArguments(r), QStringList({"quantize", "--model", "tiny", "--method", "gptq-q4_0", "--output",
                                                "tiny-small", "--dataset", "calib", "--project", "/p", "--events"}));
    r.damp = 0.05;
    r.actOrder = false;
    r.calibrationSamples = 32;
    QCOMPARE(quantizeArguments(r).mid(7, 7), QStringList({"--dataset", "calib", "--calibration-samples", "32", "--damp",
                                                          "0.05", "--no-act-order"}));
    QVERIFY(missingInput(r).isEmpty());
    r.calibrationDataset.clear();
    QVERIFY(missingInput(r).contains(QStringLiteral("calibration")));

    // AWQ takes calibration data but not GPTQ's settings.
    QuantizeRequest awq = baseRequest(QStringLiteral("awq-q4_1"));
    awq.calibrationDataset = QStringLiteral("calib");
    awq.damp = 0.05;
    awq.actOrder = false;
    QCOMPARE(quantizeArguments(awq).mid(7, 2), QStringList({"--dataset", "calib"}));
    QVERIFY(!quantizeArguments(awq).contains(QStringLiteral("--damp")));
    QVERIFY(!quantizeArguments(awq).contains(QStringLiteral("--no-act-order")));

    // Round-to-nearest with an importance matrix passes the calibration data; int8 and
    // NF4 take none, and without the option no data is passed.
    QuantizeRequest rtn = baseRequest(QStringLiteral("q4_k"));
    rtn.calibrationDataset = QStringLiteral("calib");
    QVERIFY(!quantizeArguments(rtn).contains(QStringLiteral("--dataset")));
    rtn.importanceMatrix = true;
    QCOMPARE(quantizeArguments(rtn).mid(7, 2), QStringList({"--dataset", "calib"}));
    rtn.calibrationDataset.clear();
    QVERIFY(missingInput(rtn).contains(QStringLiteral("calibration")));
    rtn.method = QStringLiteral("nf4");
    rtn.calibrationDataset = QStringLiteral("calib");
    QVERIFY(!quantizeArguments(rtn).contains(QStringLiteral("--dataset")));
    QVERIFY(takesImportanceMatrix(QStringLiteral("q4_k_m")));
    QVERIFY(!takesImportanceMatrix(QStringLiteral("int8")));
    QVERIFY(!takesImportanceMatrix(QStringLiteral("gptq-q4_0")));
}

void TestQuantizeCommandLine::formShowsTheFieldsOfTheMethod()
{
    QuantizeForm form;
    form.setModels({tinyModelEntry()});
    form.setDatasets({QStringLiteral("calib")});
    form.show();
    form.setMethod(QStringLiteral("gptq-q5_0"));
    QVERIFY(form.dampSpin()->isVisible() && form.actOrderCheck()->isVisible());
    QVERIFY(form.calibrationBox()->isVisible());
    QVERIFY(!form.importanceCheck()->isVisible());
    form.dampSpin()->setValue(0.02);
    form.actOrderCheck()->setChecked(false);
    QCOMPARE(quantizeArguments(form.request()).mid(7, 5),
             QStringList({"--dataset", "calib", "--damp", "0.02", "--no-act-order"}));
    form.setMethod(QStringLiteral("q4_0"));
    QVERIFY(!form.dampSpin()->isVisible());
    QVERIFY(form.importanceCheck()->isVisible());
    QVERIFY(!form.calibrationBox()->isVisible());
    form.importanceCheck()->setChecked(true);
    QVERIFY(form.calibrationBox()->isVisible());
    QCOMPARE(quantizeArguments(form.request()).mid(7, 2), QStringList({"--dataset", "calib"}));
    QCOMPARE(form.outputEdit()->text(), QStringLiteral("tiny-q4_0"));
}

// A file named in the form goes to `--imatrix` for the methods that take an importance
// matrix, instead of calibration data even when "from the calibration data" was ticked;
// other methods neither show the field nor pass the file.
void TestQuantizeCommandLine::importanceFileReplacesCalibration()
{
    QuantizeForm form;
    form.setModels({tinyModelEntry()});
    form.setDatasets({QStringLiteral("calib")});
    form.show();
    form.setMethod(QStringLiteral("q4_k"));
    QVERIFY(form.importanceFileEdit()->isVisible());
    form.importanceCheck()->setChecked(true);
    form.importanceFileEdit()->setText(QStringLiteral(" /data/model.imatrix.dat "));
    QVERIFY(!form.importanceCheck()->isEnabled());
    QVERIFY(!form.calibrationBox()->isVisible());
    QuantizeRequest r = form.request();
    QCOMPARE(r.importanceFile, QStringLiteral("/data/model.imatrix.dat"));
    QVERIFY(!r.importanceMatrix);
    r.projectDir = QStringLiteral("/p");
    QCOMPARE(quantizeArguments(r), QStringList({"quantize", "--model", "tiny", "--method", "q4_k", "--output",
                                                "tiny-q4_k", "--imatrix", "/data/model.imatrix.dat", "--project", "/p",
                                                "--events"}));
    QVERIFY(missingInput(r).isEmpty());
    // The form's command line shows it, shell-quoted, without the worker's flags.
    QCOMPARE(form.commandLineLabel()->text(),
             QStringLiteral("llmwb quantize --model tiny --method q4_k --output tiny-q4_k --imatrix /data/model.imatrix.dat"));
    form.importanceFileEdit()->setText(QStringLiteral("/data/my matrices/it's.dat"));
    QVERIFY(form.commandLineLabel()->text().endsWith(QStringLiteral("--imatrix '/data/my matrices/it'\\''s.dat'")));
    form.importanceFileEdit()->clear();
    QVERIFY(form.importanceCheck()->isEnabled() && form.calibrationBox()->isVisible());
    QCOMPARE(quantizeArguments(form.request()).mid(7, 2), QStringList({"--dataset", "calib"}));

    form.importanceFileEdit()->setText(QStringLiteral("/data/model.imatrix.dat"));
    for (const char* method : {"int8", "nf4", "gptq-q4_0", "wanda"}) {
        form.setMethod(QString::fromLatin1(method));
        QVERIFY2(!form.importanceFileEdit()->isVisible(), method);
        QVERIFY2(form.request().importanceFile.isEmpty(), method);
        QVERIFY2(!quantizeArguments(form.request()).contains(QStringLiteral("--imatrix")), method);
    }
}

void TestQuantizeCommandLine::pruningMethodsUsePrune()
{
    QuantizeRequest r = baseRequest(QStringLiteral("magnitude"));
    r.sparsity = 0.3;
    QStringList arguments = quantizeArguments(r);
    QCOMPARE(arguments.first(), QStringLiteral("prune"));
    QCOMPARE(arguments.mid(7, 2), QStringList({"--sparsity", "0.3"}));
    QVERIFY(!arguments.contains(QStringLiteral("--dataset"))); // magnitude needs no data
    r.method = QStringLiteral("wanda");
    r.calibrationDataset = QStringLiteral("calib");
    arguments = quantizeArguments(r);
    QCOMPARE(arguments.mid(7, 4), QStringList({"--sparsity", "0.3", "--dataset", "calib"}));
    r.method = QStringLiteral("heads");
    r.removeHeads = 2;
    QCOMPARE(quantizeArguments(r).mid(7, 2), QStringList({"--remove-heads", "2"}));
    r.method = QStringLiteral("channels");
    r.removeChannels = 512;
    QCOMPARE(quantizeArguments(r).mid(7, 2), QStringList({"--remove-channels", "512"}));
    QVERIFY(quantizeJobs(r).first().title.startsWith(QStringLiteral("Prune")));
}

void TestQuantizeCommandLine::missingInputIsNamed()
{
    QuantizeRequest r = baseRequest(QStringLiteral("q8_0"));
    QVERIFY(missingInput(r).isEmpty());
    QuantizeRequest noProject = r;
    noProject.projectDir.clear();
    QVERIFY(missingInput(noProject).contains(QStringLiteral("project")));
    QuantizeRequest noName = r;
    noName.output = QStringLiteral("   ");
    QVERIFY(missingInput(noName).contains(QStringLiteral("Name")));
    QuantizeRequest unknown = r;
    unknown.method = QStringLiteral("q3_k_xs");
    QVERIFY(missingInput(unknown).contains(QStringLiteral("method")));
    QuantizeRequest wanda = r;
    wanda.method = QStringLiteral("wanda");
    QVERIFY(missingInput(wanda).contains(QStringLiteral("calibration")));
    wanda.calibrationDataset = QStringLiteral("calib");
    QVERIFY(missingInput(wanda).isEmpty());
}

void TestQuantizeCommandLine::outputNamesAreSafe()
{
    QCOMPARE(defaultOutputName(QStringLiteral("tiny gpt/2"), QStringLiteral("q4_k_m")),
             QStringLiteral("tiny-gpt-2-q4_k_m"));
    QCOMPARE(defaultOutputName(QStringLiteral("m"), QStringLiteral("2:4")), QStringLiteral("m-2-4"));
}

void TestQuantizeCommandLine::sizeEstimateFollowsTheBlockLayout()
{
    models::ModelEntry entry;
    entry.parameters = 1024 * 1024;
    // Q8_0 stores 32 weights in 34 bytes, Q4_K 256 in 144, Q6_K 256 in 210.
    QCOMPARE(estimateSize(entry, QStringLiteral("q8_0")).bytes, qint64(1024 * 1024 / 32 * 34));
    QCOMPARE(estimateSize(entry, QStringLiteral("q4_k")).bytes, qint64(1024 * 1024 / 256 * 144));
    QCOMPARE(estimateSize(entry, QStringLiteral("q6_k")).bytes, qint64(1024 * 1024 / 256 * 210));
    QCOMPARE(estimateSize(entry, QStringLiteral("q4_0")).bitsPerWeight, 4.5);
    // Removing heads shrinks the model first (float32 weights): Llama-tiny (d_model 64,
    // 4 heads of 16, 2 key/value heads, d_ff 192, vocab 512, untied) without 2 heads has
    // per layer 2 norms of 64, wqkv 64 x 96, wo 32 x 64 and 3 x 64 x 192; then a final
    // norm of 64 and two 512 x 64 embeddings: 155,968 parameters.
    const lw::model::ModelConfig llama = lw::model::presetConfig("llama-tiny");
    entry.config = toQJson(llama.toJson());
    entry.parameters = llama.parameterCount();
    QCOMPARE(estimateSize(entry, QStringLiteral("heads"), 2).bytes, qint64(155'968) * 4);
    // An uneven removal (1 of 2 groups) is left to llmwb prune to refuse: the original size.
    QCOMPARE(estimateSize(entry, QStringLiteral("heads"), 1).bytes, entry.parameters * 4);
    entry.parameters = 0;
    QCOMPARE(estimateSize(entry, QStringLiteral("q8_0")).bytes, qint64(0));
    // Every method has a description for its tooltip.
    for (const QuantMethod& m : quantMethods())
        QVERIFY2(!methodDescription(m.id).isEmpty(), qPrintable(m.id));
}

// A Llama of one layer, width 256, MLP 256, vocabulary 256, four key/value heads: nine
// matrices of 256 x 256 (256 super-blocks each) and three norms of 256. In q5_k_m (and
// gptq-q5_k_m, awq-q5_k_m, which store what it stores) useMoreBits(0, 1) holds, so
// attn_v and ffn_down are q6_K (210 bytes a super-block) like the output; the token
// embedding, q, k, the attention output, gate and up are q5_K (176 bytes).
void TestQuantizeCommandLine::sizeEstimatePlansTheTensorsOfAKnownShape()
{
    lw::model::ModelConfig c = lw::model::presetConfig("llama-tiny"); // no biases, untied
    c.n_layer = 1;
    c.d_model = c.d_ff = c.vocab_size = 256;
    c.n_kv_head = c.n_head;
    models::ModelEntry entry;
    entry.parameters = c.parameterCount();
    QCOMPARE(entry.parameters, qint64(9 * 65536 + 3 * 256));
    entry.config = toQJson(c.toJson());
    const qint64 expected = 256 * (6 * 176 + 3 * 210) + 3 * 256 * 4;
    for (const char* method : {"q5_k_m", "gptq-q5_k_m", "awq-q5_k_m"}) {
        const SizeEstimate e = estimateSize(entry, QString::fromLatin1(method));
        QCOMPARE(e.bytes, expected);
        QCOMPARE(e.bitsPerWeight, 8.0 * double(expected) / double(entry.parameters));
    }
    // q5_k_s raises nothing but the output.
    QCOMPARE(estimateSize(entry, QStringLiteral("gptq-q5_k_s")).bytes, qint64(256 * (8 * 176 + 210) + 3 * 256 * 4));
}

void TestQuantizeCommandLine::everyCalibratedMethodIsListed()
{
    for (const std::string& id : lw::quant::calibratedMethods()) {
        const QuantMethod* m = findQuantMethod(QString::fromStdString(id));
        QVERIFY2(m && m->family == MethodFamily::Calibrated && m->needsCalibration, id.c_str());
    }
    QVERIFY(findQuantMethod(QStringLiteral("awq-q4_k_s")));
}

void TestQuantizeCommandLine::formSuggestsANameUntilOneIsTyped()
{
    QuantizeForm form;
    form.setModels({tinyModelEntry()});
    form.setMethod(QStringLiteral("q8_0"));
    QCOMPARE(form.outputEdit()->text(), QStringLiteral("tiny-q8_0"));
    form.setMethod(QStringLiteral("q4_0"));
    QCOMPARE(form.outputEdit()->text(), QStringLiteral("tiny-q4_0"));
    form.outputEdit()->setText(QStringLiteral("mine"));
    form.setMethod(QStringLiteral("q6_k"));
    QCOMPARE(form.outputEdit()->text(), QStringLiteral("mine"));
    QCOMPARE(form.request().method, QStringLiteral("q6_k"));
    QVERIFY(form.expectedSizeText().contains(QStringLiteral("6.56")));
    // Family titles are in the list but cannot be chosen.
    form.setMethod(QStringLiteral("no-such"));
    QCOMPARE(form.request().method, QStringLiteral("q6_k"));
}

LW_TEST_MAIN(TestQuantizeCommandLine)
#include "test_quantize_command_line.moc"
