#include "profilestatus.h"

#include "settings/profilestore.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QToolButton>

using namespace Qt::StringLiterals;

namespace capiqa::gui {

ProfileStatus::ProfileStatus(settings::ProfileStore *profiles, QWidget *parent)
    : QWidget(parent)
    , m_profiles(profiles)
    , m_combo(new QComboBox(this))
    , m_badge(new QToolButton(this))
    , m_emulator(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_emulator->setObjectName(u"emulatorStatus"_s);
    m_combo->setObjectName(u"profileCombo"_s);
    m_combo->setToolTip(u"Active profile: where Send and Replay deliver events"_s);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_badge->setObjectName(u"modeBadge"_s);
    m_badge->setAutoRaise(false);
    layout->addWidget(m_emulator);
    layout->addSpacing(12);
    layout->addWidget(m_combo);
    layout->addWidget(m_badge);

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        if (const auto outcome = m_profiles->setDefaultProfile(m_combo->itemText(index)); !outcome)
            m_combo->setToolTip(outcome.error);
    });
    connect(m_badge, &QToolButton::clicked, this, [this] {
        const QString name = m_profiles->defaultProfileName();
        if (name.isEmpty())
            return;
        if (m_production)
            Q_EMIT testModeRequested(name);
        else
            Q_EMIT productionRequested(name);
    });
    connect(m_profiles, &settings::ProfileStore::profilesChanged, this, &ProfileStatus::refresh);
    connect(m_profiles, &settings::ProfileStore::defaultProfileChanged, this, &ProfileStatus::refresh);
    refresh();
}

QString ProfileStatus::badgeText() const
{
    return m_badge->text();
}

void ProfileStatus::setEmulatorText(const QString &text, bool running)
{
    m_emulator->setText(text);
    m_emulator->setStyleSheet(running ? QString() : u"color:#b45309"_s);
}

void ProfileStatus::refresh()
{
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    m_combo->addItems(m_profiles->names());
    const auto profile = m_profiles->defaultProfile();
    m_combo->setCurrentText(profile ? profile->name : QString());
    m_production = profile && profile->production;
    if (!profile) {
        m_badge->setText(u"NO PROFILE"_s);
        m_badge->setStyleSheet({});
        return;
    }
    if (m_production) {
        m_badge->setText(u"PRODUCTION"_s);
        m_badge->setToolTip(u"Real events for pixel %1: they count in reports and ad optimisation. Click to go back to test mode."_s.arg(profile->pixelId));
        m_badge->setStyleSheet(u"QToolButton{background:#b91c1c;color:white;font-weight:bold;padding:2px 10px;border-radius:3px}"_s);
    } else {
        m_badge->setText(u"TEST MODE · code %1"_s.arg(profile->testEventCode));
        m_badge->setToolTip(u"Every event carries the test event code: it shows in Events Manager → Test Events and counts nowhere. "
                            "Click to switch this profile to production."_s);
        m_badge->setStyleSheet(u"QToolButton{background:#15803d;color:white;font-weight:bold;padding:2px 10px;border-radius:3px}"_s);
    }
}

} // namespace capiqa::gui
