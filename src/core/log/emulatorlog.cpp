#include "emulatorlog.h"

#include "emulator/graphemulator.h"
#include "logbus.h"

#include <QtCore/QMap>

using namespace Qt::StringLiterals;

namespace capiqa::log {

namespace {

QString graphErrorName(int code)
{
    switch (code) {
    case 1: return u"unknown error"_s;
    case 2: return u"service temporarily unavailable"_s;
    case 4: return u"application request limit reached"_s;
    case 100: return u"invalid parameter"_s;
    case 190: return u"invalid OAuth access token"_s;
    case 2500: return u"unknown path"_s;
    default: return {};
    }
}

// "Purchase ×2, Lead" in order of first appearance.
QString eventNames(const QList<emulator::ReceivedEvent> &events)
{
    QStringList order;
    QMap<QString, int> counts;
    for (const emulator::ReceivedEvent &e : events) {
        const QString name = e.eventName.isEmpty() ? u"(no name)"_s : e.eventName;
        if (counts[name]++ == 0)
            order << name;
    }
    QStringList parts;
    for (const QString &name : std::as_const(order)) {
        const int n = counts.value(name);
        parts << (n > 1 ? name + u" ×"_s + QString::number(n) : name);
    }
    return parts.join(u", "_s);
}

} // namespace

EmulatorLog::EmulatorLog(emulator::GraphEmulator *emulator, LogBus *bus, QObject *parent)
    : QObject(parent)
    , m_emulator(emulator)
    , m_bus(bus)
    , m_profile(u"emulator"_s)
{
    qRegisterMetaType<QList<capiqa::emulator::ReceivedEvent>>();
    qRegisterMetaType<capiqa::emulator::HandledRequest>();
    connect(emulator, &emulator::GraphEmulator::eventsReceived, this, &EmulatorLog::onEventsReceived);
    connect(emulator, &emulator::GraphEmulator::requestHandled, this, &EmulatorLog::onRequestHandled);
}

EmulatorLog::~EmulatorLog() = default;

void EmulatorLog::setProfileName(const QString &name)
{
    m_profile = name;
}

QString EmulatorLog::profileName() const
{
    return m_profile;
}

void EmulatorLog::onEventsReceived(const QList<emulator::ReceivedEvent> &events)
{
    m_lastEvents = events;
}

void EmulatorLog::onRequestHandled(const emulator::HandledRequest &request)
{
    // The events announced just before belong to this request when they carry its answer.
    QList<emulator::ReceivedEvent> events;
    events.swap(m_lastEvents);
    if (!events.isEmpty()
        && (events.size() != request.eventCount || events.constFirst().fbtraceId != request.fbtraceId))
        events.clear();
    if (!m_bus)
        return;

    LogEntry e;
    e.timestamp = QDateTime::fromMSecsSinceEpoch(request.receivedMs, Qt::UTC);
    e.direction = Direction::Incoming;
    e.profile = m_profile;
    e.method = request.method;
    e.url = m_emulator ? m_emulator->baseUrl().toString() + request.path : request.path;
    e.httpStatus = request.httpStatus;
    e.eventCount = request.eventCount;
    e.fbtraceId = request.fbtraceId;
    e.attempt = 0;

    QStringList errors;
    if (request.graphErrorCode != 0) {
        const QString name = graphErrorName(request.graphErrorCode);
        QString text = u"Graph error "_s + QString::number(request.graphErrorCode);
        if (!name.isEmpty())
            text += u" ("_s + name + u')';
        errors << text;
    }
    if (request.fault != emulator::Fault::None)
        errors << u"injected fault: "_s + emulator::faultName(request.fault);
    if (request.httpStatus == 0)
        errors << u"connection dropped without an answer"_s;
    e.error = errors.join(u"; "_s);
    e.level = request.httpStatus == 200 ? (request.fault == emulator::Fault::None ? Level::Info : Level::Warning)
                                        : Level::Error;

    QString message = request.method + u' ' + request.path;
    if (!events.isEmpty()) {
        const emulator::ReceivedEvent &first = events.constFirst();
        message = eventNames(events) + u" ("_s + emulator::sourceName(first.source) + u", pixel "_s + first.pixelId;
        if (!first.testEventCode.isEmpty())
            message += u", test code "_s + first.testEventCode;
        message += u')';
        m_bus->setRequestBody(e, first.rawBody);
    }
    if (request.delayMs > 0)
        message += u", answered "_s + QString::number(request.delayMs) + u" ms late"_s;
    e.message = message;
    m_bus->post(std::move(e));
}

} // namespace capiqa::log
