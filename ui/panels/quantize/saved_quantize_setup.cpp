#include "ui/panels/quantize/saved_quantize_setup.h"

#include "ui/panels/quantize/quantize_command_line.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/train/saved_train_setup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QLineEdit>

namespace lw::ui::quantize {

namespace {

QString quantizePanelName()
{
    return QCoreApplication::translate("lw::ui::quantize::SavedQuantizeSetup", "the Quantize panel");
}

} // namespace

SavedQuantizeSetup savedSetupOf(const QuantizeRequest& request)
{
    SavedQuantizeSetup setup;
    setup.method = request.method;
    setup.importanceFile = request.importanceFile;
    setup.importanceFromCalibration = request.importanceMatrix;
    setup.damp = request.damp;
    setup.actOrder = request.actOrder;
    return setup;
}

void applySavedSetup(QuantizeForm& form, const SavedQuantizeSetup& setup)
{
    form.setMethod(setup.method);
    form.importanceFileEdit()->setText(setup.importanceFile);
    form.importanceCheck()->setChecked(setup.importanceFromCalibration);
    form.dampSpin()->setValue(setup.damp); // the spin box clamps it into its range
    form.actOrderCheck()->setChecked(setup.actOrder);
}

QString savedQuantizeSetupPath(const QString& projectDir)
{
    return QDir(projectDir).filePath(QStringLiteral("quantize-setup.json"));
}

SavedQuantizeSetup loadSavedQuantizeSetup(const QString& projectDir, QString* error)
{
    const QJsonObject json = readPanelSetupFile(savedQuantizeSetupPath(projectDir), quantizePanelName(), error);
    SavedQuantizeSetup setup;
    setup.method = json.value(QLatin1String("method")).toString();
    setup.importanceFile = json.value(QLatin1String("importance_file")).toString();
    setup.importanceFromCalibration = json.value(QLatin1String("importance_from_calibration")).toBool(false);
    setup.damp = json.value(QLatin1String("damp")).toDouble(setup.damp);
    setup.actOrder = json.value(QLatin1String("act_order")).toBool(setup.actOrder);
    return setup;
}

QString saveQuantizeSetup(const QString& projectDir, const SavedQuantizeSetup& setup)
{
    const QJsonObject json{{QStringLiteral("version"), 1},
                           {QStringLiteral("method"), setup.method},
                           {QStringLiteral("importance_file"), setup.importanceFile},
                           {QStringLiteral("importance_from_calibration"), setup.importanceFromCalibration},
                           {QStringLiteral("damp"), setup.damp},
                           {QStringLiteral("act_order"), setup.actOrder}};
    return writePanelSetupFile(savedQuantizeSetupPath(projectDir), quantizePanelName(), json);
}

} // namespace lw::ui::quantize
