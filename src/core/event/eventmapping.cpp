#include "eventmapping.h"

#include "io/json.h"

#include "jsonfields.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::event {

namespace {

constexpr auto FormatName = "capiqa-app-event-mapping"_L1;
constexpr int FormatVersion = 1;

QString nameProblem(const QString &name, const QString &what)
{
    if (name.isEmpty())
        return u"%1 is empty"_s.arg(what);
    if (name.trimmed() != name)
        return u"%1 \"%2\" has leading or trailing spaces (names are matched exactly)"_s.arg(what, name);
    return {};
}

} // namespace

EventMapping::EventMapping()
    : m_entries(defaultEntries())
{
}

QList<EventMapping::Entry> EventMapping::defaultEntries()
{
    return {
        {u"signup_started"_s, u"Lead"_s, u"user starts signup"_s},
        {u"signup_completed"_s, u"CompleteRegistration"_s, u"user completes signup"_s},
        {u"checkout_started"_s, u"InitiateCheckout"_s, u"user starts checkout"_s},
        {u"video_rendered"_s, u"Purchase"_s, u"seed 000 counts renders as micro-conversions"_s},
        {u"batch_completed"_s, u"Purchase"_s, u"batch renders"_s},
        {u"purchase_completed"_s, u"Purchase"_s, u"actual purchase"_s},
    };
}

bool EventMapping::load(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        detail::report(error, u"%1: %2"_s.arg(fileName, file.errorString()));
        return false;
    }
    QString message;
    if (!loadJson(file.readAll(), &message)) {
        detail::report(error, u"%1: %2"_s.arg(fileName, message));
        return false;
    }
    return true;
}

bool EventMapping::loadJson(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &message) {
        detail::report(error, message);
        return false;
    };

    QJsonParseError parseError;
    const QJsonDocument doc = io::parseJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(u"%1: %2"_s.arg(io::lineAndColumn(json, parseError.offset), parseError.errorString()));
    if (!doc.isObject())
        return fail(u"the file must hold a JSON object with a \"mappings\" array"_s);
    const QJsonObject root = doc.object();

    const QJsonValue format = root.value("format"_L1);
    if (!format.isUndefined() && format.toString() != FormatName)
        return fail(u"format: expected \"%1\", got %2"_s.arg(FormatName, detail::describe(format)));
    const QJsonValue version = root.value("version"_L1);
    if (!version.isUndefined() && detail::wholeNumber(version) != FormatVersion)
        return fail(u"version: capiqa reads version %1, got %2"_s.arg(FormatVersion).arg(detail::describe(version)));

    const QJsonValue mappings = root.value("mappings"_L1);
    if (!mappings.isArray())
        return fail(u"mappings: expected an array, got %1"_s.arg(detail::describe(mappings)));

    QList<Entry> entries;
    const QJsonArray array = mappings.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = detail::indexPath(u"mappings", i);
        if (!array.at(i).isObject())
            return fail(u"%1: expected an object, got %2"_s.arg(path, detail::describe(array.at(i))));
        detail::ObjectReader r(array.at(i).toObject(), path);
        const auto appEvent = r.string("app_event"_L1);
        const auto eventName = r.string("event_name"_L1);
        const auto note = r.string("note"_L1);
        if (!r.ok())
            return fail(r.error());
        if (!appEvent)
            return fail(u"%1: \"app_event\" is missing"_s.arg(path));
        if (!eventName)
            return fail(u"%1: \"event_name\" is missing"_s.arg(path));
        if (const QString problem = nameProblem(*appEvent, u"app_event"_s); !problem.isEmpty())
            return fail(detail::atPath(r.pathOf("app_event"_L1), problem));
        if (const QString problem = nameProblem(*eventName, u"event_name"_s); !problem.isEmpty())
            return fail(detail::atPath(r.pathOf("event_name"_L1), problem));
        for (qsizetype j = 0; j < entries.size(); ++j) {
            if (entries.at(j).appEvent == *appEvent)
                return fail(u"%1: \"%2\" is mapped twice (first in mappings[%3])"_s.arg(path, *appEvent).arg(j));
        }
        entries.append(Entry{*appEvent, *eventName, note.value_or(QString())});
    }
    m_entries = entries;
    return true;
}

QByteArray EventMapping::toJson() const
{
    QJsonArray array;
    for (const Entry &e : m_entries) {
        QJsonObject o{{u"app_event"_s, e.appEvent}, {u"event_name"_s, e.eventName}};
        if (!e.note.isEmpty())
            o.insert("note"_L1, e.note);
        array.append(o);
    }
    const QJsonObject root{{u"format"_s, QString(FormatName)}, {u"version"_s, FormatVersion}, {u"mappings"_s, array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool EventMapping::save(const QString &fileName, QString *error) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        detail::report(error, u"%1: %2"_s.arg(fileName, file.errorString()));
        return false;
    }
    file.write(toJson());
    if (!file.commit()) {
        detail::report(error, u"%1: %2"_s.arg(fileName, file.errorString()));
        return false;
    }
    return true;
}

qsizetype EventMapping::indexOf(QStringView appEvent) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).appEvent == appEvent)
            return i;
    }
    return -1;
}

std::optional<QString> EventMapping::lookup(QStringView appEvent) const
{
    const qsizetype i = indexOf(appEvent);
    if (i < 0)
        return std::nullopt;
    return m_entries.at(i).eventName;
}

bool EventMapping::set(const QString &appEvent, const QString &eventName, const QString &note, QString *error)
{
    QString problem = nameProblem(appEvent, u"the app event"_s);
    if (problem.isEmpty())
        problem = nameProblem(eventName, u"the event name"_s);
    if (!problem.isEmpty()) {
        detail::report(error, problem);
        return false;
    }
    const qsizetype i = indexOf(appEvent);
    if (i >= 0)
        m_entries[i] = Entry{appEvent, eventName, note};
    else
        m_entries.append(Entry{appEvent, eventName, note});
    return true;
}

bool EventMapping::remove(QStringView appEvent)
{
    const qsizetype i = indexOf(appEvent);
    if (i < 0)
        return false;
    m_entries.removeAt(i);
    return true;
}

} // namespace capiqa::event
