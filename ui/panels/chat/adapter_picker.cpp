#include "ui/panels/chat/adapter_picker.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace lw::ui {

namespace {

constexpr int kNoneRole = 0;
const QString kOtherFolder = QStringLiteral("\x01other");

bool isAdapterFolder(const QString& dir)
{
    return !dir.isEmpty() && QFileInfo::exists(QDir(dir).filePath(QStringLiteral("adapter_config.json")));
}

} // namespace

AdapterPicker::AdapterPicker(QWidget* parent) : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(10);
    connect(this, &QComboBox::activated, this, &AdapterPicker::onActivated);
    fill();
    retranslate();
}

void AdapterPicker::setCatalog(const ModelCatalog& catalog)
{
    m_catalog = catalog;
    fill();
}

void AdapterPicker::setBase(const ModelChoice& base)
{
    if (base.runId == m_baseRunId)
        return;
    m_baseRunId = base.runId;
    const QString before = m_current;
    m_current.clear(); // another base: its adapters differ
    fill();
    if (!before.isEmpty())
        Q_EMIT adapterChanged(QString());
}

QString AdapterPicker::currentDir() const { return m_current; }

int AdapterPicker::adapterCount() const { return count() - 2; }

bool AdapterPicker::selectDir(const QString& dir)
{
    if (dir.isEmpty()) {
        m_current.clear();
        fill();
        return true;
    }
    if (!isAdapterFolder(dir))
        return false;
    const QString clean = QDir::cleanPath(dir);
    bool listed = false;
    for (const AdapterChoice& a : m_catalog.adaptersFor(m_baseRunId))
        listed = listed || QDir::cleanPath(a.dir) == clean;
    if (!listed && !m_otherFolders.contains(clean))
        m_otherFolders.append(clean);
    m_current = clean;
    fill();
    return true;
}

void AdapterPicker::fill()
{
    m_filling = true;
    clear();
    addItem(QString(), QString()); // None
    int selected = 0;
    for (const AdapterChoice& a : m_catalog.adaptersFor(m_baseRunId)) {
        addItem(a.label, QDir::cleanPath(a.dir));
        setItemData(count() - 1, a.dir, Qt::ToolTipRole);
        if (QDir::cleanPath(a.dir) == m_current)
            selected = count() - 1;
    }
    for (const QString& dir : m_otherFolders) {
        addItem(QDir(dir).dirName(), dir);
        setItemData(count() - 1, dir, Qt::ToolTipRole);
        if (dir == m_current)
            selected = count() - 1;
    }
    addItem(QString(), kOtherFolder);
    if (selected == 0)
        m_current.clear();
    setCurrentIndex(selected);
    retranslate();
    m_filling = false;
}

void AdapterPicker::onActivated(int index)
{
    if (m_filling)
        return;
    const QString data = itemData(index).toString();
    if (data == kOtherFolder) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of an adapter"));
        if (!dir.isEmpty() && !isAdapterFolder(dir))
            QMessageBox::warning(
                this, tr("Not an adapter"),
                tr("%1 has no adapter_config.json: it is not a LoRA or DoRA adapter folder.").arg(dir));
        if (dir.isEmpty() || !isAdapterFolder(dir)) {
            fill(); // back to what was chosen
            return;
        }
        selectDir(dir);
    } else {
        m_current = data;
    }
    Q_EMIT adapterChanged(m_current);
}

void AdapterPicker::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QComboBox::changeEvent(event);
}

void AdapterPicker::retranslate()
{
    if (count() < 2)
        return;
    setItemText(kNoneRole, tr("None"));
    setItemText(count() - 1, tr("Other folder…"));
    setToolTip(tr("A LoRA or DoRA adapter applied to the model: the fine-tunes of this run, or a folder"));
}

} // namespace lw::ui
