// The past fine-tunes list names each run's method and objective in the interface's
// language: a classification run on full weights reads "full weights · classification"
// in English and "toàn bộ trọng số · phân loại" in Vietnamese, never the raw codes.
#include "../shell/screenshot_saver.h"
#include "test_registry.h"
#include "ui/panels/finetune/finetune_catalog.h"
#include "ui/panels/finetune/past_finetunes_box.h"

#include <QComboBox>
#include <QTranslator>
#include <QtTest>

using namespace lw::ui::finetune;

class TestPastFinetuneNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesAreTranslated();
};

void TestPastFinetuneNames::namesAreTranslated()
{
    FinetuneRunEntry classify;
    classify.id = 7;
    classify.name = QStringLiteral("spam");
    classify.method = QStringLiteral("full");
    classify.objective = QStringLiteral("classify");
    classify.status = QStringLiteral("completed");
    FinetuneRunEntry dpo = classify;
    dpo.method = QStringLiteral("lora");
    dpo.objective = QStringLiteral("dpo");

    const QString english = PastFinetunesBox::entryText(classify);
    QVERIFY2(english.startsWith(QStringLiteral("#7 spam · full weights · classification · ")), qPrintable(english));
    QVERIFY2(PastFinetunesBox::entryText(dpo).startsWith(QStringLiteral("#7 spam · LoRA · DPO · ")),
             qPrintable(PastFinetunesBox::entryText(dpo)));

    // The box as the panel shows it, in both languages (LW_SCREENSHOT_DIR keeps them).
    QTemporaryDir dir;
    const QString shots = screenshots::outputDir(dir);
    PastFinetunesBox box;
    box.setRuns({classify, dpo});
    box.setShownRun(classify.id);
    box.resize(620, box.sizeHint().height());
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    QVERIFY(screenshots::saveDrawn(&box, shots, QStringLiteral("past-finetunes-en")));

    QTranslator vietnamese;
    QVERIFY(vietnamese.load(QStringLiteral(":/i18n/llmwb_vi.qm")));
    QCoreApplication::installTranslator(&vietnamese);
    const QString translated = PastFinetunesBox::entryText(classify);
    QTRY_COMPARE(box.findChild<QComboBox*>(QStringLiteral("pastFinetunes"))->currentText(), translated);
    QVERIFY(screenshots::saveDrawn(&box, shots, QStringLiteral("past-finetunes-vi")));
    QCoreApplication::removeTranslator(&vietnamese);
    QVERIFY2(translated.startsWith(QStringLiteral("#7 spam · toàn bộ trọng số · phân loại · ")), qPrintable(translated));
    QVERIFY2(!translated.contains(QStringLiteral("CLASSIFY"), Qt::CaseInsensitive), qPrintable(translated));
}

LW_TEST_MAIN(TestPastFinetuneNames)
#include "test_past_finetune_names.moc"
