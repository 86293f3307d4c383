// What 0 means, read from a setting's help text, and shown in spin boxes only where the
// box's minimum is 0.
#include "ui/widgets/zero_meaning.h"
#include "test_registry.h"

#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTest>

using lw::ui::showZeroMeaning;
using lw::ui::zeroMeaning;

class TestZeroMeaning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsTheWordsAfterTheMarker()
    {
        QCOMPARE(zeroMeaning(QStringLiteral("steps between checkpoints (0: only at the end)")),
                 QStringLiteral("only at the end"));
        // Up to the first comma or semicolon: a spin box has room for a few words only.
        QCOMPARE(zeroMeaning(QStringLiteral("stride (0: the context, no overlap)")), QStringLiteral("the context"));
        QCOMPARE(zeroMeaning(QStringLiteral("kv heads (0: as many as n_head; llama only)")),
                 QStringLiteral("as many as n_head"));
        QCOMPARE(zeroMeaning(QStringLiteral("số bước giữa hai checkpoint (0: chỉ lưu ở cuối)")),
                 QStringLiteral("chỉ lưu ở cuối"));
        QCOMPARE(zeroMeaning(QStringLiteral("optimizer steps to train for")), QString());
        QCOMPARE(zeroMeaning(QStringLiteral("unclosed (0: all")), QStringLiteral("all"));
        QCOMPARE(zeroMeaning(QStringLiteral("(0: )")), QString());
    }

    void onlyBoxesStartingAtZeroShowIt()
    {
        QSpinBox fromZero;
        fromZero.setRange(0, 100);
        showZeroMeaning(&fromZero, QStringLiteral("steps (0: never)"));
        QCOMPARE(fromZero.text(), QStringLiteral("never"));
        fromZero.setValue(3);
        QCOMPARE(fromZero.text(), QStringLiteral("3"));

        QSpinBox fromOne; // its minimum is 1: a special text would stand for 1
        fromOne.setRange(1, 100);
        showZeroMeaning(&fromOne, QStringLiteral("steps (0: never)"));
        QVERIFY(fromOne.specialValueText().isEmpty());

        QDoubleSpinBox real;
        real.setRange(0, 10);
        showZeroMeaning(&real, QStringLiteral("clip the norm to this (0: no clipping)"));
        QCOMPARE(real.text(), QStringLiteral("no clipping"));

        QSpinBox noMeaning;
        noMeaning.setRange(0, 10);
        showZeroMeaning(&noMeaning, QStringLiteral("tokens per sample"));
        QVERIFY(noMeaning.specialValueText().isEmpty());
        showZeroMeaning(nullptr, QStringLiteral("(0: never)")); // no box: nothing to do
    }
};

LW_TEST_MAIN(TestZeroMeaning)
#include "test_zero_meaning.moc"
