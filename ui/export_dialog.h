#pragma once

// Asks how to export a view: format (PNG, PDF, SVG), physical size in mm or inches, PNG resolution (150, 300,
// 600 DPI) and the file. Remembers the last choices (QSettings "export/...").

#include "view_export.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace interlens::ui {

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const QString& viewName, const QSize& aspect, QWidget* parent = nullptr);

    ExportOptions options() const;
    QString path() const;

    void accept() override;

private:
    void updateSuffix();
    void updateUnit();

    QComboBox* m_format;
    QDoubleSpinBox* m_width;
    QDoubleSpinBox* m_height;
    QComboBox* m_unit;
    QComboBox* m_dpi;
    QLineEdit* m_path;
    QString m_lastUnit;
};

} // namespace interlens::ui
