#include "dialogs/formhelpers.h"

#include "models/profiledisplayproxy.h"
#include "settings/profile.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>

using namespace Qt::StringLiterals;

namespace capiqa::gui::form {

void styleAsError(QLabel *label)
{
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText); // the core's sentences quote user input
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, ProfileDisplayProxy::productionColor());
    label->setPalette(palette);
    setFieldError(label, {});
}

void setFieldError(QLabel *label, const QString &error)
{
    label->setText(error);
    auto *form = label->parentWidget() ? qobject_cast<QFormLayout *>(label->parentWidget()->layout()) : nullptr;
    if (form && form->indexOf(label) >= 0)
        form->setRowVisible(label, !error.isEmpty());
    else
        label->setVisible(!error.isEmpty());
}

QColor hintColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    constexpr double TextShare = 0.65;
    auto mix = [](int a, int b) { return int(a * TextShare + b * (1 - TextShare)); };
    return QColor(mix(text.red(), window.red()), mix(text.green(), window.green()), mix(text.blue(), window.blue()));
}

void styleAsHint(QLabel *label)
{
    // A wrapped label can get more height than its lines need; keep the text under its field.
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, hintColor(palette));
    label->setPalette(palette);
}

void fillNormalizerCombo(QComboBox *combo)
{
    combo->clear();
    for (const pii::Profile normalizer : pii::AllProfiles) {
        QString description;
        switch (normalizer) {
        case pii::Profile::Meta: description = QComboBox::tr("Meta parameter builder (default)"); break;
        case pii::Profile::NodeSdk: description = QComboBox::tr("Node.js Business SDK"); break;
        case pii::Profile::PythonSdk: description = QComboBox::tr("Python Business SDK"); break;
        case pii::Profile::PhpSdk: description = QComboBox::tr("PHP Business SDK"); break;
        }
        const QString name = settings::normalizerName(normalizer);
        combo->addItem(u"%1 — %2"_s.arg(name, description), name);
    }
}

void selectNormalizer(QComboBox *combo, pii::Profile normalizer)
{
    combo->setCurrentIndex(combo->findData(settings::normalizerName(normalizer)));
}

pii::Profile selectedNormalizer(const QComboBox *combo)
{
    return pii::profileFromName(combo->currentData().toString()).value_or(pii::Profile::Meta);
}

} // namespace capiqa::gui::form
