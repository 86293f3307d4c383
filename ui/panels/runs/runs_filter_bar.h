#pragma once
// The filters above the runs table: text in the name, status, tag, and a creation date
// range; each change applies to the RunsFilterProxy at once.
#include <QStringList>
#include <QWidget>

class QLabel;

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;

namespace lw::ui {

class RunsFilterProxy;

class RunsFilterBar : public QWidget {
    Q_OBJECT
public:
    explicit RunsFilterBar(RunsFilterProxy* proxy, QWidget* parent = nullptr);

    // The tags the tag filter offers (every tag in use); the chosen one stays chosen.
    void setTags(const QStringList& tags);
    void focusSearch();

    QLineEdit* searchEdit() const { return m_search; }
    QComboBox* statusBox() const { return m_status; }
    QComboBox* tagBox() const { return m_tag; }
    QCheckBox* dateRangeBox() const { return m_dateRange; }
    QDateEdit* fromEdit() const { return m_from; }
    QDateEdit* toEdit() const { return m_to; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void applyStatus();
    void applyTag();
    void applyDates();

    RunsFilterProxy* m_proxy;
    QLineEdit* m_search;
    QComboBox* m_status;
    QComboBox* m_tag;
    QCheckBox* m_dateRange;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QLabel* m_toLabel;
};

} // namespace lw::ui
