#include "dialogs/productiondialog.h"

#include "models/profiledisplayproxy.h"
#include "settings/profilestore.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

ProductionDialog::ProductionDialog(settings::ProfileStore *profiles, const QString &profileName, QWidget *parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_profileName(profileName)
{
    Q_ASSERT(m_profiles);
    const auto profile = m_profiles->profile(profileName);
    m_pixelId = profile ? profile->pixelId : QString();

    setWindowTitle(tr("Switch to Production"));
    setObjectName(u"productionDialog"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *headline = new QLabel(tr("<b>Send real events with “%1”?</b>").arg(profileName.toHtmlEscaped()), this);
    layout->addWidget(headline);

    // Red because it is the one thing to read: from now on nothing here is a test.
    auto *consequences = new QLabel(this);
    consequences->setObjectName(u"consequencesLabel"_s);
    consequences->setWordWrap(true);
    consequences->setText(
        tr("In production, events are sent <b>without a test event code</b>. Pixel %1 counts them as real "
           "conversions: they feed ad delivery, attribution and reports, and cannot be deleted. They do not "
           "appear in Events Manager’s Test Events.")
            .arg(m_pixelId.toHtmlEscaped()));
    QPalette palette = consequences->palette();
    palette.setColor(QPalette::WindowText, ProfileDisplayProxy::productionColor());
    consequences->setPalette(palette);
    layout->addWidget(consequences);

    auto *prompt = new QLabel(tr("Type the pixel id <b>%1</b> to &confirm:").arg(m_pixelId.toHtmlEscaped()), this);
    layout->addWidget(prompt);
    m_confirmation = new QLineEdit(this);
    m_confirmation->setObjectName(u"confirmationEdit"_s);
    m_confirmation->setPlaceholderText(m_pixelId);
    prompt->setBuddy(m_confirmation);
    layout->addWidget(m_confirmation);

    m_error = new QLabel(this);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setWordWrap(true);
    m_error->setPalette(palette);
    m_error->hide();
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_confirm = m_buttons->addButton(tr("Switch to Production"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(u"confirmButton"_s);
    m_confirm->setEnabled(false);
    // Enter must not confirm by accident before the id matches; after that it may.
    m_confirm->setAutoDefault(false);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProductionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ProductionDialog::reject);
    connect(m_confirmation, &QLineEdit::textChanged, this, &ProductionDialog::confirmationEdited);

    if (!profile) {
        m_confirmation->setEnabled(false);
        m_error->setText(tr("There is no profile named “%1”.").arg(profileName));
        m_error->show();
    }
    setMinimumWidth(460);
}

ProductionDialog::~ProductionDialog() = default;

void ProductionDialog::confirmationEdited(const QString &text)
{
    const bool matches = !m_pixelId.isEmpty() && text.trimmed() == m_pixelId;
    m_confirm->setEnabled(matches);
    m_confirm->setDefault(matches);
    m_error->hide();
}

void ProductionDialog::accept()
{
    // The store checks the typed id again: the button state is a convenience, not the guard.
    const settings::Outcome outcome = m_profiles->setProduction(m_profileName, true, m_confirmation->text());
    if (!outcome) {
        m_error->setText(outcome.error);
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace capiqa::gui
