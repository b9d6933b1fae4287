#pragma once

// Asks how to export a view: format (PNG, PDF, SVG), physical size in mm or inches (a journal-column preset:
// single 89 mm, 1.5 columns 120 mm, double 183 mm, or custom; starting at the view's own default size), PNG
// resolution (150, 300, 600 DPI) and the file; refuses a size too small for the view's text. Remembers
// format, unit, resolution and folder (QSettings "export/...").

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
    explicit ExportDialog(ExportableView& view, QWidget* parent = nullptr);

    ExportOptions options() const;
    QString path() const;

    // Refuses a size too small for the view's text, naming the smallest that works.
    void accept() override;

private:
    void updateSuffix();
    void updateUnit();
    void applyPreset(int index);

    ExportableView& m_view;
    QComboBox* m_format;
    QComboBox* m_preset;
    QDoubleSpinBox* m_width;
    QDoubleSpinBox* m_height;
    QComboBox* m_unit;
    QComboBox* m_dpi;
    QLineEdit* m_path;
    QString m_lastUnit;
    double m_aspect; // height / width of the view's default size, kept by the presets
};

} // namespace interlens::ui
