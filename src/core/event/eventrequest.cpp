#include "eventrequest.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace capiqa::event {

std::optional<EventRequest> EventRequest::fromJson(const QJsonObject &json, QString *error)
{
    detail::ObjectReader r(json, {});
    EventRequest req;
    const auto data = r.array("data"_L1);
    if (r.ok() && !data)
        r.fail(u"data", u"missing: a request body needs a \"data\" array of events"_s);
    if (data) {
        req.data.reserve(data->size());
        for (qsizetype i = 0; i < data->size() && r.ok(); ++i) {
            const QString path = detail::indexPath(u"data", i);
            const QJsonValue item = data->at(i);
            if (!item.isObject()) {
                r.fail(path, u"expected an event object, got %1"_s.arg(detail::describe(item)));
                break;
            }
            QString eventError;
            const auto event = ServerEvent::fromJson(item.toObject(), &eventError, path);
            if (!event) {
                r.fail({}, eventError);
                break;
            }
            req.data.append(*event);
        }
    }
    req.testEventCode = r.string("test_event_code"_L1);
    req.partnerAgent = r.string("partner_agent"_L1);
    req.namespaceId = r.string("namespace_id"_L1);
    req.uploadId = r.string("upload_id"_L1);
    req.uploadTag = r.string("upload_tag"_L1);
    req.uploadSource = r.string("upload_source"_L1);
    if (!r.ok()) {
        detail::report(error, r.error());
        return std::nullopt;
    }
    req.extra = r.extra();
    return req;
}

QJsonObject EventRequest::toJson() const
{
    using detail::put;
    QJsonObject out = extra;
    QJsonArray events;
    for (const ServerEvent &e : data)
        events.append(e.toJson());
    out.insert("data"_L1, events);
    put(out, "test_event_code"_L1, testEventCode);
    put(out, "partner_agent"_L1, partnerAgent);
    put(out, "namespace_id"_L1, namespaceId);
    put(out, "upload_id"_L1, uploadId);
    put(out, "upload_tag"_L1, uploadTag);
    put(out, "upload_source"_L1, uploadSource);
    return out;
}

} // namespace capiqa::event
