#pragma once
// Help > User Guide: docs/user-guide.md (or its Vietnamese twin, user-guide.vi.md),
// built into the app's resources and shown in the language of the moment.
#include <QDialog>

class QTextBrowser;

namespace lw::ui {

class UserGuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit UserGuideDialog(QWidget* parent = nullptr);

    QTextBrowser* browser() const { return m_browser; }
    // The resource the guide of a language is read from (English for other languages).
    static QString guidePath(const QString& language);
    // The guide's Markdown text in the current language ("" when it is missing).
    static QString guideText();

protected:
    void changeEvent(QEvent* event) override;

private:
    void load();

    QTextBrowser* m_browser;
};

} // namespace lw::ui
