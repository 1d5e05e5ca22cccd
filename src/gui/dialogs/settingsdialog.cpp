#include "dialogs/settingsdialog.h"

#include "dialogs/formhelpers.h"
#include "dialogs/profilespage.h"
#include "emulator/emulatordefaults.h"
#include "settings/profilestore.h"
#include "ui_settingsdialog.h"

#include <QtWidgets/QPushButton>

using namespace Qt::StringLiterals;
using capiqa::settings::Preferences;

namespace capiqa::gui {

namespace {

QString describeFaults(const emulator::FaultSpec &spec)
{
    if (spec.isEmpty())
        return SettingsDialog::tr("Every request is answered as Meta would.");
    QStringList parts;
    auto add = [&parts](double rate, const QString &what) {
        if (rate > 0)
            parts << SettingsDialog::tr("%1 % %2").arg(QString::number(rate * 100, 'g', 4), what);
    };
    add(spec.http500, SettingsDialog::tr("HTTP 500"));
    add(spec.http503, SettingsDialog::tr("HTTP 503 (transient)"));
    add(spec.http429, SettingsDialog::tr("HTTP 429 with Retry-After %1 s").arg(spec.retryAfterSeconds));
    add(spec.transient, SettingsDialog::tr("transient Graph errors"));
    add(spec.slow, SettingsDialog::tr("answered %1 ms late").arg(spec.slowDelayMs));
    add(spec.drop, SettingsDialog::tr("dropped connections"));
    return SettingsDialog::tr("Requests get %1; the rest are answered normally (seed %2, so runs repeat).")
        .arg(parts.join(u", "_s))
        .arg(spec.seed);
}

} // namespace

SettingsDialog::SettingsDialog(settings::ProfileStore *profiles, settings::SecretStore *secrets,
                               settings::Preferences *prefs, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_profiles(profiles)
    , m_prefs(prefs)
{
    Q_ASSERT(m_profiles && secrets && m_prefs);
    m_ui->setupUi(this);
    m_profilesPage = new ProfilesPage(profiles, secrets, prefs, m_ui->profilesTab);
    m_ui->profilesLayout->addWidget(m_profilesPage);
    m_ui->profilesLayout->setContentsMargins(16, 16, 16, 16);

    // Ranges come from the core so the form can never offer a value it would refuse.
    m_ui->timeoutSpin->setRange(Preferences::MinTimeoutMs, Preferences::MaxTimeoutMs);
    m_ui->retriesSpin->setRange(0, Preferences::MaxRetries);
    m_ui->concurrencySpin->setRange(1, Preferences::MaxConcurrency);
    m_ui->rateSpin->setRange(0, Preferences::MaxEventsPerSecond);
    m_ui->portSpin->setRange(1, 65535);
    form::fillNormalizerCombo(m_ui->defaultNormalizerCombo);
    // The hints span the form's width; the inputs keep a compact, aligned size.
    for (QWidget *input : std::initializer_list<QWidget *>{m_ui->timeoutSpin, m_ui->retriesSpin, m_ui->concurrencySpin,
                                                           m_ui->rateSpin, m_ui->portSpin, m_ui->defaultApiVersionEdit}) {
        input->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        input->setMinimumWidth(160);
    }
    m_ui->defaultNormalizerCombo->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    form::styleAsError(m_ui->defaultApiVersionError);
    form::styleAsError(m_ui->faultsError);
    form::styleAsError(m_ui->applyError);
    for (QLabel *hint : {m_ui->defaultNormalizerHint, m_ui->timeoutHint, m_ui->retriesHint, m_ui->concurrencyHint,
                         m_ui->rateHint, m_ui->faultsSummary})
        form::styleAsHint(hint);
    m_ui->faultsSummary->setTextFormat(Qt::PlainText);
    m_ui->faultsSummary->setWordWrap(true); // the last row, so a wrapped label's spare height stays out of sight

    loadPreferences();

    connect(m_ui->defaultApiVersionEdit, &QLineEdit::textChanged, this, &SettingsDialog::validatePreferences);
    connect(m_ui->faultsEdit, &QLineEdit::textChanged, this, &SettingsDialog::validatePreferences);
    connect(m_profilesPage, &ProfilesPage::unsavedChangesChanged, this, &SettingsDialog::updateButtons);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    // Another window may change them while the dialog is open; show the truth.
    connect(m_prefs, &Preferences::changed, this, &SettingsDialog::loadPreferences);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::showPage(Page page)
{
    m_ui->tabs->setCurrentIndex(int(page));
}

void SettingsDialog::loadPreferences()
{
    const Preferences::Values v = m_prefs->values();
    form::selectNormalizer(m_ui->defaultNormalizerCombo, v.defaultNormalizer);
    m_ui->defaultApiVersionEdit->setText(v.defaultApiVersion);
    m_ui->timeoutSpin->setValue(v.timeoutMs);
    m_ui->retriesSpin->setValue(v.retries);
    m_ui->concurrencySpin->setValue(v.concurrency);
    m_ui->rateSpin->setValue(v.eventsPerSecond);
    m_ui->portSpin->setValue(v.emulatorPort);
    m_ui->faultsEdit->setText(v.emulatorFaults);
    m_ui->autostartCheck->setChecked(v.emulatorAutostart);
    validatePreferences();
}

Preferences::Values SettingsDialog::formValues() const
{
    Preferences::Values v;
    v.defaultNormalizer = form::selectedNormalizer(m_ui->defaultNormalizerCombo);
    v.defaultApiVersion = m_ui->defaultApiVersionEdit->text().trimmed();
    v.timeoutMs = m_ui->timeoutSpin->value();
    v.retries = m_ui->retriesSpin->value();
    v.concurrency = m_ui->concurrencySpin->value();
    v.eventsPerSecond = m_ui->rateSpin->value();
    v.emulatorPort = quint16(m_ui->portSpin->value());
    v.emulatorFaults = m_ui->faultsEdit->text().trimmed();
    v.emulatorAutostart = m_ui->autostartCheck->isChecked();
    return v;
}

void SettingsDialog::validatePreferences()
{
    const Preferences::Values v = formValues();
    form::setFieldError(m_ui->defaultApiVersionError, settings::apiVersionError(v.defaultApiVersion));
    const QString faultsError = Preferences::emulatorFaultsError(v.emulatorFaults);
    form::setFieldError(m_ui->faultsError, faultsError);
    if (faultsError.isEmpty())
        m_ui->faultsSummary->setText(describeFaults(emulator::FaultSpec::parse(v.emulatorFaults).value_or(emulator::FaultSpec{})));
    m_ui->emulatorForm->setRowVisible(m_ui->faultsSummary, faultsError.isEmpty());
    updateButtons();
}

void SettingsDialog::updateButtons()
{
    const bool valid = Preferences::errors(formValues()).isEmpty();
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_ui->buttons->button(QDialogButtonBox::Apply)->setEnabled(valid);
    form::setFieldError(m_ui->applyError, {});
}

bool SettingsDialog::apply()
{
    if (!m_profilesPage->saveChanges()) {
        showPage(Page::Profiles);
        return false;
    }
    const quint16 oldPort = m_prefs->emulatorPort();
    const settings::Outcome outcome = m_prefs->apply(formValues());
    if (!outcome) {
        form::setFieldError(m_ui->applyError, outcome.error);
        return false;
    }
    followEmulatorPort(oldPort, m_prefs->emulatorPort());
    return true;
}

void SettingsDialog::followEmulatorPort(quint16 from, quint16 to)
{
    if (from == to)
        return;
    // The built-in profile points at the emulator; moving the emulator without it would make
    // the first Send fail with "connection refused". A base URL the user changed is left alone.
    const QString oldUrl = u"http://127.0.0.1:%1"_s.arg(from);
    const auto all = m_profiles->profiles();
    for (settings::Profile p : all) {
        if (!p.builtInEmulator || p.baseUrl != oldUrl)
            continue;
        p.baseUrl = u"http://127.0.0.1:%1"_s.arg(to);
        if (const settings::Outcome outcome = m_profiles->update(p); !outcome)
            form::setFieldError(m_ui->applyError, outcome.error);
    }
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace capiqa::gui
