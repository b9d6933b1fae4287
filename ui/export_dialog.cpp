#include "export_dialog.h"

#include "exportable_view.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <cmath>

namespace interlens::ui {

namespace {
constexpr double kMmPerInch = 25.4;
}

ExportDialog::ExportDialog(ExportableView& view, QWidget* parent)
    : QDialog(parent), m_view(view), m_format(new QComboBox(this)), m_preset(new QComboBox(this)),
      m_width(new QDoubleSpinBox(this)), m_height(new QDoubleSpinBox(this)), m_unit(new QComboBox(this)),
      m_dpi(new QComboBox(this)), m_path(new QLineEdit(this)),
      m_aspect(view.defaultSizeMm().width() > 0 ? view.defaultSizeMm().height() / view.defaultSizeMm().width()
                                                : 0.75)
{
    const QString viewName = view.exportName();
    const QSizeF defaultSizeMm = view.defaultSizeMm();
    setWindowTitle(tr("Export %1").arg(viewName));
    QSettings settings;
    m_format->addItems({QStringLiteral("PNG"), QStringLiteral("PDF"), QStringLiteral("SVG")});
    m_format->setCurrentIndex(settings.value(QStringLiteral("export/format"), 0).toInt());
    m_unit->addItems({QStringLiteral("mm"), QStringLiteral("in")});
    m_unit->setCurrentIndex(settings.value(QStringLiteral("export/unit"), 0).toInt());
    m_lastUnit = m_unit->currentText();
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_height->setObjectName(QStringLiteral("exportHeight"));
    for (QDoubleSpinBox* box : {m_width, m_height}) {
        box->setRange(1, 2000);
        box->setDecimals(1);
    }
    const double unit = m_unit->currentIndex() == 1 ? kMmPerInch : 1.0;
    m_width->setValue(defaultSizeMm.width() / unit);
    m_height->setValue(defaultSizeMm.height() / unit);
    m_preset->addItem(tr("Single column (89 mm)"), kSingleColumnMm);
    m_preset->addItem(tr("1.5 columns (120 mm)"), kOneAndHalfColumnMm);
    m_preset->addItem(tr("Double column (183 mm)"), kDoubleColumnMm);
    m_preset->addItem(tr("Custom"), 0.0);
    const int presetIndex = m_preset->findData(defaultSizeMm.width());
    m_preset->setCurrentIndex(presetIndex >= 0 ? presetIndex : m_preset->count() - 1);
    m_preset->setToolTip(tr("Journal column widths; the height keeps the view's proportions"));
    m_dpi->addItems({QStringLiteral("150"), QStringLiteral("300"), QStringLiteral("600")});
    m_dpi->setCurrentText(settings.value(QStringLiteral("export/dpi"), QStringLiteral("300")).toString());
    const QString dir = settings.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    m_path->setText(QDir(dir).filePath(
        QStringLiteral("interlens-%1.%2")
            .arg(viewName.toLower().replace(' ', '-'), m_format->currentText().toLower())));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addWidget(m_unit);
    auto* form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Width preset"), m_preset);
    form->addRow(tr("Size"), sizeRow);
    form->addRow(tr("Resolution (PNG, DPI)"), m_dpi);
    form->addRow(tr("File"), pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuffix);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &ExportDialog::updateUnit);
    connect(m_preset, &QComboBox::activated, this, &ExportDialog::applyPreset);
    connect(m_width, &QDoubleSpinBox::editingFinished, this, [this] {
        const double unit = m_unit->currentIndex() == 1 ? kMmPerInch : 1.0;
        const int index = m_preset->findData(std::round(m_width->value() * unit * 10) / 10);
        m_preset->setCurrentIndex(index >= 0 ? index : m_preset->count() - 1);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Export to"), m_path->text(),
            tr("%1 files (*.%2)").arg(m_format->currentText(), m_format->currentText().toLower()));
        if (!file.isEmpty())
            m_path->setText(file);
        updateSuffix();
    });
    m_dpi->setEnabled(m_format->currentIndex() == 0);
}

void ExportDialog::updateSuffix()
{
    const QString suffix = m_format->currentText().toLower();
    QFileInfo info(m_path->text());
    m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + suffix));
    m_dpi->setEnabled(m_format->currentIndex() == 0);
}

void ExportDialog::applyPreset(int index)
{
    const double widthMm = m_preset->itemData(index).toDouble();
    if (widthMm <= 0)
        return; // custom: the boxes as they are
    const double unit = m_unit->currentIndex() == 1 ? kMmPerInch : 1.0;
    m_width->setValue(widthMm / unit);
    m_height->setValue(widthMm * m_aspect / unit);
}

void ExportDialog::updateUnit()
{
    const double factor =
        m_lastUnit == QLatin1String("mm") && m_unit->currentText() == QLatin1String("in")   ? 1.0 / kMmPerInch
        : m_lastUnit == QLatin1String("in") && m_unit->currentText() == QLatin1String("mm") ? kMmPerInch
                                                                                            : 1.0;
    m_width->setValue(m_width->value() * factor);
    m_height->setValue(m_height->value() * factor);
    m_lastUnit = m_unit->currentText();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.format = static_cast<ExportFormat>(m_format->currentIndex());
    const double unit = m_unit->currentIndex() == 1 ? kMmPerInch : 1.0;
    o.sizeMm = QSizeF(m_width->value() * unit, m_height->value() * unit);
    o.dpi = m_dpi->currentText().toInt();
    return o;
}

QString ExportDialog::path() const
{
    return m_path->text();
}

void ExportDialog::accept()
{
    const ExportOptions o = options();
    if (const QString tooSmall = figureTooSmall(m_view, o.sizeMm); !tooSmall.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("Export size too small"), tooSmall, QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("exportTooSmall"));
        box.exec();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("export/format"), m_format->currentIndex());
    settings.setValue(QStringLiteral("export/unit"), m_unit->currentIndex());
    settings.setValue(QStringLiteral("export/widthMm"), o.sizeMm.width());
    settings.setValue(QStringLiteral("export/heightMm"), o.sizeMm.height());
    settings.setValue(QStringLiteral("export/dpi"), m_dpi->currentText());
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path()).absolutePath());
    QDialog::accept();
}

} // namespace interlens::ui
