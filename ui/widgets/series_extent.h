#pragma once
// Running summaries of a chart series, updated in O(1) per point so that the chart can
// auto-range and smooth without passing over the whole series on every replot.
#include <cmath>
#include <limits>
#include <optional>

namespace lw::ui {

// The bounding box of a series' finite points, plus its smallest positive value (the
// lower bound a logarithmic axis can show).
struct SeriesExtent {
    double keyMin = std::numeric_limits<double>::infinity();
    double keyMax = -std::numeric_limits<double>::infinity();
    double valueMin = std::numeric_limits<double>::infinity();
    double valueMax = -std::numeric_limits<double>::infinity();
    double minPositive = std::numeric_limits<double>::infinity();

    bool isEmpty() const { return keyMin > keyMax; }

    void add(double key, double value)
    {
        if (!std::isfinite(key) || !std::isfinite(value))
            return; // NaN and infinities draw as gaps; they must not blow the range up
        keyMin = std::min(keyMin, key);
        keyMax = std::max(keyMax, key);
        valueMin = std::min(valueMin, value);
        valueMax = std::max(valueMax, value);
        if (value > 0)
            minPositive = std::min(minPositive, value);
    }

    void merge(const SeriesExtent& other)
    {
        keyMin = std::min(keyMin, other.keyMin);
        keyMax = std::max(keyMax, other.keyMax);
        valueMin = std::min(valueMin, other.valueMin);
        valueMax = std::max(valueMax, other.valueMax);
        minPositive = std::min(minPositive, other.minPositive);
    }
};

// s_0 = v_0, s_i = factor * s_(i-1) + (1 - factor) * v_i: the curve TensorBoard users
// know (without its start-up debiasing, so the first point is the first value).
// Non-finite values are skipped and leave the state as it was.
class ExponentialMovingAverage {
public:
    explicit ExponentialMovingAverage(double factor = 0) : m_factor(factor) { }

    double factor() const { return m_factor; }
    void reset() { m_started = false; }

    std::optional<double> add(double value)
    {
        if (!std::isfinite(value))
            return std::nullopt;
        m_value = m_started ? m_factor * m_value + (1.0 - m_factor) * value : value;
        m_started = true;
        return m_value;
    }

private:
    double m_factor;
    double m_value = 0;
    bool m_started = false;
};

} // namespace lw::ui
