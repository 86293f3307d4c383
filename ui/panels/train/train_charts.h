#pragma once
// The live curves of a run: training and validation loss with the learning rate on a
// second axis, and below them the gradient norm with the throughput. A log-scale
// switch and a smoothing slider act on the loss chart.
#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;

namespace lw::ui {

class LossChart;

class TrainCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainCharts(QWidget* parent = nullptr);

    LossChart* lossChart() const { return m_loss; }
    LossChart* throughputChart() const { return m_throughput; }
    QCheckBox* logScaleBox() const { return m_logScale; }
    QSlider* smoothingSlider() const { return m_smoothing; }

    void clear();
    // Metric names as the store has them: loss, val_loss, lr, grad_norm, tokens_per_s.
    void appendPoints(const QString& metric, const QVector<double>& steps, const QVector<double>& values);

protected:
    void changeEvent(QEvent* event) override;

private:
    void addSeries();
    void retranslate();

    LossChart* m_loss;
    LossChart* m_throughput;
    QCheckBox* m_logScale;
    QSlider* m_smoothing;
    QLabel* m_smoothingLabel;
    QLabel* m_smoothingValue;
};

} // namespace lw::ui
