#include "ui/widgets/check_box_contrast.h"

#include "ui/widgets/series_colors.h"

#include <QApplication>
#include <QCheckBox>
#include <QEvent>

namespace lw::ui {

namespace {

class CheckBoxContrast : public QObject {
public:
    explicit CheckBoxContrast(QCheckBox* box) : QObject(box), m_box(box) { apply(); }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_box && event->type() == QEvent::PaletteChange && !m_applying)
            apply();
        return QObject::eventFilter(watched, event);
    }

private:
    void apply()
    {
        const QWidget* parent = m_box->parentWidget();
        const QPalette inherited = parent ? parent->palette() : QApplication::palette();
        QPalette own;
        if (isDarkPalette(inherited)) {
            // Fusion frames the square in Window.darker(140): from a mid grey, that
            // reads on a dark window as the square's edge.
            QColor frame = inherited.color(QPalette::WindowText);
            frame.setHsv(frame.hue(), frame.saturation(), 150);
            own.setColor(QPalette::Window, frame);
        }
        if (own.resolveMask() == m_box->palette().resolveMask() &&
            (own.resolveMask() == 0 || m_box->palette().color(QPalette::Window) == own.color(QPalette::Window)))
            return;
        m_applying = true;
        m_box->setPalette(own);
        m_applying = false;
    }

    QCheckBox* m_box;
    bool m_applying = false;
};

} // namespace

void keepCheckBoxReadable(QCheckBox* box)
{
    box->installEventFilter(new CheckBoxContrast(box));
}

} // namespace lw::ui
