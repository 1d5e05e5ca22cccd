#include "dialogs/secretfield.h"

#include "dialogs/formhelpers.h"
#include "models/profiledisplayproxy.h"

#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>

using namespace Qt::StringLiterals;
using capiqa::settings::SecretKind;
using capiqa::settings::SecretRequest;
using capiqa::settings::SecretResult;
using capiqa::settings::SecretSource;

namespace capiqa::gui {

SecretField::SecretField(settings::SecretStore *secrets, SecretKind kind, QWidget *parent)
    : QWidget(parent)
    , m_secrets(secrets)
    , m_kind(kind)
{
    Q_ASSERT(m_secrets);
    const QString key = settings::secretKindKey(kind);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(6);
    layout->setVerticalSpacing(2);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(key + u"Edit"_s);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(tr("Paste a new %1 to store it").arg(settings::secretKindLabel(kind)));
    m_save = new QPushButton(tr("Save"), this);
    m_save->setObjectName(key + u"SaveButton"_s);
    m_save->setToolTip(tr("Store it in the OS keychain (never in the settings file)"));
    m_clear = new QPushButton(tr("Clear"), this);
    m_clear->setObjectName(key + u"ClearButton"_s);
    m_clear->setToolTip(tr("Delete it from the OS keychain"));
    // In a dialog these must not take Enter away from the default button.
    m_save->setAutoDefault(false);
    m_clear->setAutoDefault(false);
    m_status = new QLabel(this);
    m_status->setObjectName(key + u"Status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layout->addWidget(m_edit, 0, 0);
    layout->addWidget(m_save, 0, 1);
    layout->addWidget(m_clear, 0, 2);
    layout->addWidget(m_status, 1, 0, 1, 3);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, &SecretField::updateButtons);
    connect(m_save, &QPushButton::clicked, this, &SecretField::save);
    connect(m_clear, &QPushButton::clicked, this, &SecretField::clear);
    setProfile(std::nullopt);
}

SecretField::~SecretField() = default;

QString SecretField::statusText() const
{
    return m_status->text();
}

void SecretField::setProfile(const std::optional<settings::Profile> &profile)
{
    // Other edits of the same profile (its pixel, its test code) do not change where its
    // secret comes from: keep the status instead of asking the keychain again.
    const bool sameSource = profile && m_profile && profile->name == m_profile->name
        && profile->usesEmulatorToken() == m_profile->usesEmulatorToken();
    m_profile = profile;
    if (sameSource)
        return;
    ++m_generation;
    m_busy = false;
    m_edit->clear();
    refresh();
}

void SecretField::refresh()
{
    m_storedInKeychain = false;
    m_builtIn = false;
    if (!m_profile) {
        setStatus(tr("Save the profile first."), {}, false);
        updateButtons();
        return;
    }
    m_busy = true;
    setStatus(tr("Checking the keychain…"), {}, false);
    updateButtons();
    // Reading is the only way to learn whether a secret is stored; the value is dropped here.
    SecretRequest *request = m_secrets->readSecret(*m_profile, m_kind);
    connect(request, &SecretRequest::finished, this, [this, generation = m_generation](const SecretResult &result) {
        if (generation != m_generation)
            return;
        m_busy = false;
        showStatus(result);
        updateButtons();
    });
}

void SecretField::showStatus(const SecretResult &result)
{
    const QString env = settings::secretEnvName(m_kind);
    m_storedInKeychain = result.ok() && result.source == SecretSource::Keychain;
    m_builtIn = result.ok() && result.source == SecretSource::BuiltIn;
    if (m_storedInKeychain) {
        setStatus(tr("✓ Stored in keychain"), {}, false);
    } else if (result.ok() && result.source == SecretSource::BuiltIn) {
        setStatus(tr("Built-in emulator token: nothing to store"), {}, false);
    } else if (!m_secrets->backendNote().isEmpty()) {
        const QString set = result.source == SecretSource::Environment ? tr(" (it is set)") : QString();
        setStatus(tr("No OS keychain: set %1").arg(env) + set, m_secrets->backendNote(), true);
    } else if (result.ok() && result.source == SecretSource::Environment) {
        setStatus(tr("Not stored; %1 from the environment is used").arg(env), result.note, false);
    } else {
        setStatus(tr("Not stored"), result.error, false);
    }
}

void SecretField::setStatus(const QString &text, const QString &toolTip, bool isError)
{
    m_status->setText(text);
    m_status->setToolTip(toolTip);
    QPalette palette = this->palette();
    if (isError)
        palette.setColor(QPalette::WindowText, ProfileDisplayProxy::productionColor());
    else
        palette.setColor(QPalette::WindowText, form::hintColor(palette));
    m_status->setPalette(palette);
}

void SecretField::updateButtons()
{
    const bool usable = m_profile.has_value() && !m_busy && !m_builtIn;
    m_edit->setEnabled(m_profile.has_value() && !m_builtIn);
    m_save->setEnabled(usable && !m_edit->text().trimmed().isEmpty());
    m_clear->setEnabled(usable && m_storedInKeychain);
}

void SecretField::save()
{
    if (!m_profile || m_edit->text().trimmed().isEmpty())
        return;
    m_busy = true;
    setStatus(tr("Saving to the keychain…"), {}, false);
    updateButtons();
    SecretRequest *request = m_secrets->writeSecret(m_profile->name, m_kind, m_edit->text());
    connect(request, &SecretRequest::finished, this, [this, generation = m_generation](const SecretResult &result) {
        if (generation != m_generation)
            return;
        m_busy = false;
        if (result.ok()) {
            m_edit->clear(); // the value lives in the keychain now, not in this widget
            m_storedInKeychain = true;
            setStatus(tr("✓ Stored in keychain"), {}, false);
            Q_EMIT stored(m_kind);
        } else {
            // The store's sentence names the reason and never the value.
            setStatus(result.error, m_secrets->backendNote(), true);
        }
        updateButtons();
    });
}

void SecretField::clear()
{
    if (!m_profile)
        return;
    m_busy = true;
    updateButtons();
    SecretRequest *request = m_secrets->deleteSecret(m_profile->name, m_kind);
    connect(request, &SecretRequest::finished, this, [this, generation = m_generation](const SecretResult &result) {
        if (generation != m_generation)
            return;
        m_busy = false;
        if (result.ok()) {
            Q_EMIT cleared(m_kind);
            refresh();
        } else {
            setStatus(result.error, {}, true);
            updateButtons();
        }
    });
}

} // namespace capiqa::gui
