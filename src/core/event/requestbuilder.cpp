#include "requestbuilder.h"

#include "eventrequest.h"
#include "jsonfields.h"
#include "nodesdkbehaviour.h"
#include "typegate.h"
#include "userdata.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QVarLengthArray>

using namespace Qt::StringLiterals;

namespace capiqa::event {

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString profileText(pii::Profile profile)
{
    const auto name = pii::profileName(profile);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString shortText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

} // namespace

bool FieldDiagnostic::isFatal() const
{
    return kind == Kind::Invalid || (kind == Kind::Pii && piiStatus == pii::Status::Rejected);
}

QString FieldDiagnostic::status() const
{
    switch (kind) {
    case Kind::Pii: {
        const auto word = pii::statusWord(piiStatus);
        return QString::fromLatin1(word.data(), qsizetype(word.size()));
    }
    case Kind::NotHashed: return u"not-hashed"_s;
    case Kind::UnknownKey: return u"unknown-key"_s;
    case Kind::Duplicate: return u"duplicate"_s;
    case Kind::OmittedNull: return u"omitted-null"_s;
    case Kind::Removed: return u"removed"_s;
    case Kind::SdkBehaviour: return u"sdk-behaviour"_s;
    case Kind::Invalid: return u"invalid"_s;
    }
    return {};
}

RequestBuilder::RequestBuilder(pii::Profile profile)
    : m_profile(profile)
    , m_processor(profile)
{
}

void RequestBuilder::setProfile(pii::Profile profile)
{
    m_profile = profile;
    m_processor.setProfile(profile);
}

pii::PiiResult RequestBuilder::normalize(pii::Field field, QStringView value)
{
    if (m_normalizer)
        return m_normalizer(field, value);
    const QByteArray utf8 = value.toUtf8();
    return m_processor.process(field, std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

FieldDiagnostic RequestBuilder::invalidFromModel(const QString &error, const QString &eventPath) const
{
    // The model's errors read "path: message"; paths never contain ": ".
    const qsizetype split = error.indexOf(": "_L1);
    const QString path = split < 0 ? eventPath : error.left(split);
    QString field = path;
    if (!eventPath.isEmpty() && path.startsWith(eventPath + u'.'))
        field = path.mid(eventPath.size() + 1);
    FieldDiagnostic d = diagnostic(FieldDiagnostic::Kind::Invalid, field, path);
    d.message = split < 0 ? error : error.mid(split + 2);
    return d;
}

FieldDiagnostic RequestBuilder::diagnostic(FieldDiagnostic::Kind kind, const QString &field, const QString &path) const
{
    FieldDiagnostic d;
    d.kind = kind;
    d.field = field;
    d.path = path;
    d.profile = m_profile;
    return d;
}

namespace {

/// Removes null members everywhere below `object` (objects, and objects inside arrays), one
/// diagnostic each: capiqa never sends null. Null entries of arrays are left for the caller,
/// because an array's positions can matter (extinfo). Returns whether anything changed; an
/// object without nulls is only read, never copied (this runs for every event sent).
bool hasNullMember(const QJsonObject &object)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        switch (it->type()) {
        case QJsonValue::Null: return true;
        case QJsonValue::Object:
            if (hasNullMember(it->toObject()))
                return true;
            break;
        case QJsonValue::Array:
            for (const QJsonValueConstRef item : it->toArray()) {
                if (item.isObject() && hasNullMember(item.toObject()))
                    return true;
            }
            break;
        default: break;
        }
    }
    return false;
}

bool dropNulls(QJsonObject &object, const QString &path, const FieldDiagnostic &prototype,
               QList<FieldDiagnostic> &diagnostics)
{
    // Read-only first: the loop below takes non-const iterators, which copy a shared object.
    if (!hasNullMember(object))
        return false;
    bool changed = false;
    for (auto it = object.begin(); it != object.end();) {
        const QJsonValue v = it.value();
        if (v.isNull()) {
            FieldDiagnostic d = prototype;
            d.kind = FieldDiagnostic::Kind::OmittedNull;
            d.field = it.key();
            d.path = detail::memberPath(path, it.key());
            d.message = u"null is not sent: capiqa leaves unset fields out"_s;
            diagnostics.append(d);
            it = object.erase(it);
            changed = true;
            continue;
        }
        if (v.isObject()) {
            QJsonObject child = v.toObject();
            if (dropNulls(child, detail::memberPath(path, it.key()), prototype, diagnostics)) {
                it.value() = child;
                changed = true;
            }
        } else if (v.isArray()) {
            QJsonArray array = v.toArray();
            bool arrayChanged = false;
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (!array.at(i).isObject())
                    continue;
                QJsonObject child = array.at(i).toObject();
                if (dropNulls(child, detail::indexPath(detail::memberPath(path, it.key()), i), prototype, diagnostics)) {
                    array.replace(i, child);
                    arrayChanged = true;
                }
            }
            if (arrayChanged) {
                it.value() = array;
                changed = true;
            }
        }
        ++it;
    }
    return changed;
}

} // namespace

void RequestBuilder::buildUserData(QJsonObject &userData, const QString &path, EventBuildResult &result)
{
    using Kind = FieldDiagnostic::Kind;
    // Rewritten in place: only the hashed keys change, and replacing a member is much cheaper
    // than inserting every key into a new object. Paths are built only for the diagnostics
    // that are kept (on the sending path: the fatal ones), since this runs for every event.
    for (auto it = userData.begin(); it != userData.end();) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        const auto field = pii::fieldFromKey(QStringView(key));
        if (!field) {
            ++it;
            if (!m_diagnostics)
                continue;
            FieldDiagnostic d = diagnostic(isUnhashedUserDataKey(key) ? Kind::NotHashed : Kind::UnknownKey, key,
                                           detail::memberPath(path, key));
            d.sent = shortText(value);
            d.message = d.kind == Kind::NotHashed ? u"never hashed: sent unchanged"_s
                                                  : u"not a user_data key capiqa knows: sent unchanged"_s;
            result.diagnostics.append(d);
            continue;
        }
        const auto keyPath = [&] { return detail::memberPath(path, key); };

        // (value, index) pairs: a single string has index -1 (the key's own path), array entries
        // their index.
        QVarLengthArray<std::pair<QString, qsizetype>, 4> inputs;
        if (value.isString()) {
            inputs.append({value.toString(), -1});
        } else if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QJsonValue item = array.at(i);
                if (item.isString()) {
                    inputs.append({item.toString(), i});
                } else if (item.isNull()) {
                    FieldDiagnostic d = diagnostic(Kind::OmittedNull, key, detail::indexPath(keyPath(), i));
                    d.message = u"null is not sent: capiqa leaves it out"_s;
                    result.diagnostics.append(d);
                } else {
                    FieldDiagnostic d = diagnostic(Kind::Invalid, key, detail::indexPath(keyPath(), i));
                    d.message = u"expected a string, got %1"_s.arg(detail::describe(item));
                    result.errors.append(detail::atPath(d.path, d.message));
                    result.diagnostics.append(d);
                }
            }
        } else {
            FieldDiagnostic d = diagnostic(Kind::Invalid, key, keyPath());
            d.message = u"expected a string or an array of strings, got %1"_s.arg(detail::describe(value));
            result.errors.append(detail::atPath(d.path, d.message));
            result.diagnostics.append(d);
            it = userData.erase(it);
            continue;
        }

        QStringList sent;
        for (const auto &[input, index] : std::as_const(inputs)) {
            const pii::PiiResult r = normalize(*field, input);
            const bool fatal = r.status == pii::Status::Rejected;
            QString sentText;
            bool duplicate = false;
            if (!fatal && r.status != pii::Status::DroppedNull && r.status != pii::Status::Dropped && r.hasSent) {
                sentText = fromStd(r.sent);
                // The SDKs deduplicate after hashing: "a@b.co" and " A@B.CO" are one email.
                duplicate = sent.contains(sentText);
                if (!duplicate)
                    sent.append(sentText);
            }
            if (!m_diagnostics && !fatal)
                continue;
            FieldDiagnostic d = diagnostic(Kind::Pii, key, index < 0 ? keyPath() : detail::indexPath(keyPath(), index));
            d.piiStatus = r.status;
            d.sent = sentText;
            switch (r.status) {
            case pii::Status::Rejected:
                d.message = r.error.empty() ? u"rejected by the %1 profile"_s.arg(profileText(m_profile))
                                            : fromStd(r.error);
                result.errors.append(detail::atPath(d.path, d.message));
                break;
            case pii::Status::DroppedNull:
                d.message = u"the Node SDK would send null here; capiqa leaves the value out"_s;
                break;
            case pii::Status::Dropped:
                d.message = u"the profile drops this value: left out"_s;
                break;
            default:
                if (duplicate) {
                    d.kind = Kind::Duplicate;
                    d.message = u"same result as an earlier %1 value: sent once"_s.arg(key);
                }
                break;
            }
            result.diagnostics.append(d);
        }
        if (sent.isEmpty()) {
            it = userData.erase(it);
        } else {
            *it = QJsonArray::fromStringList(sent);
            ++it;
        }
    }
}

EventBuildResult RequestBuilder::buildEvent(const QJsonObject &rawEvent, qsizetype index)
{
    EventBuildResult result;
    const QString path = detail::indexPath(u"data", index);
    QJsonObject event = rawEvent;
    dropNulls(event, path, diagnostic(FieldDiagnostic::Kind::OmittedNull, {}, {}), result.diagnostics);

    const QJsonValue userData = event.value("user_data"_L1);
    if (userData.isObject()) {
        QJsonObject ud = userData.toObject();
        buildUserData(ud, detail::memberPath(path, u"user_data"), result);
        event.insert("user_data"_L1, ud);
    }
    if (m_profile == pii::Profile::NodeSdk)
        detail::applyNodeSdkBehaviour(event, path, diagnostic(FieldDiagnostic::Kind::SdkBehaviour, {}, {}),
                                      result.diagnostics);

    // The model is the type gate: whatever survived must read as a ServerEvent. The quick check
    // answers for nearly every event without building the model; the model itself decides (and
    // words the error) when the quick check is not sure.
    if (!detail::readsAsServerEvent(event)) {
        QString error;
        if (!ServerEvent::fromJson(event, &error, path)) {
            result.diagnostics.append(invalidFromModel(error, path));
            result.errors.append(error);
        }
    }
    // The model only checks: its toJson() would give back the same members (unknown ones
    // included, nulls already gone), so the event is sent as built, without a second copy.
    if (result.ok())
        result.event = event;
    return result;
}

BuildResult RequestBuilder::build(const QJsonObject &rawRequest)
{
    BuildResult result;
    const auto fail = [&](const QString &path, const QString &message) {
        FieldDiagnostic d = diagnostic(FieldDiagnostic::Kind::Invalid, path, path);
        d.message = message;
        result.diagnostics.append(d);
        result.errors.append(detail::atPath(path, message));
    };

    const QJsonValue data = rawRequest.value("data"_L1);
    if (!data.isArray()) {
        fail(u"data"_s, data.isUndefined() ? u"missing: a request needs a \"data\" array of events"_s
                                            : u"expected an array of events, got %1"_s.arg(detail::describe(data)));
        return result;
    }
    const QJsonArray rawEvents = data.toArray();
    if (rawEvents.size() > EventRequest::MaxEvents)
        fail(u"data"_s, u"%1 events; Meta accepts at most %2 per request"_s.arg(rawEvents.size()).arg(EventRequest::MaxEvents));

    QJsonArray events;
    for (qsizetype i = 0; i < rawEvents.size(); ++i) {
        const QJsonValue raw = rawEvents.at(i);
        if (!raw.isObject()) {
            fail(detail::indexPath(u"data", i), u"expected an event object, got %1"_s.arg(detail::describe(raw)));
            result.failedEvents.append(i);
            continue;
        }
        EventBuildResult e = buildEvent(raw.toObject(), i);
        if (m_diagnostics) {
            result.diagnostics += e.diagnostics;
        } else {
            for (const FieldDiagnostic &d : std::as_const(e.diagnostics)) {
                if (d.isFatal())
                    result.diagnostics.append(d);
            }
        }
        result.errors += e.errors;
        if (e.ok())
            events.append(e.event);
        else
            result.failedEvents.append(i);
    }

    QJsonObject top = rawRequest;
    top.remove("data"_L1);
    dropNulls(top, {}, diagnostic(FieldDiagnostic::Kind::OmittedNull, {}, {}), result.diagnostics);
    if (top.contains("access_token"_L1)) {
        // The Node SDK copies the token into the body; it belongs in the query string only,
        // and a body is what gets logged, captured and shared.
        top.remove("access_token"_L1);
        FieldDiagnostic d = diagnostic(FieldDiagnostic::Kind::Removed, u"access_token"_s, u"access_token"_s);
        d.message = u"the access token goes in the query string, never in the body"_s;
        result.diagnostics.append(d);
    }
    top.insert("data"_L1, QJsonArray());
    QString error;
    auto request = EventRequest::fromJson(top, &error);
    if (!request) {
        result.diagnostics.append(invalidFromModel(error, {}));
        result.errors.append(error);
        return result;
    }
    QJsonObject body = request->toJson();
    body.insert("data"_L1, events);
    result.body = body;
    return result;
}

} // namespace capiqa::event
