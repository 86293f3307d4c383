#pragma once
// The curves of a fine-tune: the Train panel's charts (training and validation loss,
// learning rate, gradient norm, throughput) and, for preference objectives, a chart
// with the chosen and rejected rewards, their margin and the preference accuracy in
// place of the gradient norm and throughput, with the explanation of
// preferenceHintKind() under it when it applies; for a classifier, in that place, the
// accuracy on each step's rows and on the validation rows.
#include "ui/panels/finetune/preference_hint.h"

#include <QHash>
#include <QWidget>

class QLabel;

namespace lw::ui {
class LossChart;
class TrainCharts;
} // namespace lw::ui

namespace lw::ui::finetune {

class FinetuneCharts : public QWidget {
    Q_OBJECT
public:
    explicit FinetuneCharts(QWidget* parent = nullptr);

    // Shows the preference chart for the preference objectives and the accuracy chart
    // for classify; the hint waits for the steps after `warmupSteps`.
    void setObjective(const QString& objective, qint64 warmupSteps);
    void clear();
    // Metric names as the store and the events have them (loss, val_loss, lr, ...,
    // rewards_chosen, rewards_rejected, reward_margin, preference_accuracy, val_...,
    // a classifier's accuracy and val_accuracy).
    void appendPoints(const QString& metric, const QVector<double>& steps, const QVector<double>& values);

    TrainCharts* trainCharts() const { return m_train; }
    LossChart* preferenceChart() const { return m_preference; }
    LossChart* accuracyChart() const { return m_accuracy; }
    QLabel* hintLabel() const { return m_hint; }
    PreferenceHintKind hintKind() const { return m_hintKind; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void addPreferenceSeries();
    void addAccuracySeries();
    void updateHint();
    void retranslate();

    TrainCharts* m_train;
    QWidget* m_preferenceBox;
    LossChart* m_preference;
    LossChart* m_accuracy;
    QLabel* m_hint;
    QString m_objective = QStringLiteral("sft");
    qint64 m_warmup = 0;
    QHash<QString, CurvePoints> m_curves; // loss and rewards_chosen, for the hint
    PreferenceHintKind m_hintKind = PreferenceHintKind::None;
};

} // namespace lw::ui::finetune
