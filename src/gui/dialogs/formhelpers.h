#pragma once

#include "pii/pii.h"

QT_BEGIN_NAMESPACE
class QColor;
class QComboBox;
class QPalette;
class QLabel;
QT_END_NAMESPACE

/// Small pieces the settings pages share: inline error labels and the normalizer picker.
namespace capiqa::gui::form {

/// Makes `label` an inline error: red, wrapped, hidden until it has text.
void styleAsError(QLabel *label);
/// Shows `error` under its field (hiding the whole form row when empty, so valid forms stay
/// compact).
void setFieldError(QLabel *label, const QString &error);

/// Makes `label` secondary text, in a softer colour that stays readable on light and
/// dark palettes (a mix of the text and window colours, not the faint "disabled" grey).
void styleAsHint(QLabel *label);
/// A colour between the palette's text and window colours, for secondary text.
QColor hintColor(const QPalette &palette);

/// The four official implementations, each with its name and what it reproduces.
void fillNormalizerCombo(QComboBox *combo);
void selectNormalizer(QComboBox *combo, pii::Profile normalizer);
pii::Profile selectedNormalizer(const QComboBox *combo);

} // namespace capiqa::gui::form
