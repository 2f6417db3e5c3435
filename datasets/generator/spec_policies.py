"""Policy documents of the Kestrune knowledge base: warranty, returns, shipping, service plans...

Each custom fact brings six questions: four training wordings, then two test wordings.
"""

from __future__ import annotations

from kbspec import A, C, D

POLICY_DOCS = [
    D(
        "policy-warranty",
        "Kestrune Limited Warranty",
        "Kestrune Limited Warranty",
        "policy",
        """
This document describes the warranty that comes with every new product sold by Kestrune Field
Electronics or one of its authorised resellers. It covers faults in materials and workmanship that
appear during normal use. It does not reduce any rights you have under consumer law; where the law
gives you more, the law applies.

## How long you are covered

The Kestrune Limited Warranty runs for {{period}} from the date on your receipt. Rechargeable
batteries lose capacity with use, so they have their own, shorter term: a battery is covered for
{{battery}} if it falls below 70 percent of its rated capacity. Products bought refurbished from
the Kestrune outlet carry the same cover as new ones.

## Registering your product

Registration is optional, but it makes claims faster. If you register a product in the Kestrune
Trailhead app or on the website within {{registration}} of purchase, we extend the warranty by six
months at no cost.

## What is not covered

The warranty does not cover accidental damage, water damage beyond the product's rating, cosmetic
wear, lost accessories, or damage caused by unauthorised repairs. Accidental damage can be covered
separately with a Kestrune Care plan.

## Making a claim

Send your claim to {{email}} with the serial number, a copy of the receipt and a short description
of the fault; the claim form in the app does the same. Warranty services are led by {{head}}, who
reviews every rejected claim personally before the answer is sent. Approved claims are repaired or
replaced free of charge, including return shipping. For faults after the warranty has ended, see
the Kestrune out-of-warranty repair service.
""",
        [
            C(
                "period",
                "warranty period",
                "30 months",
                [
                    "How long does the Kestrune Limited Warranty last?",
                    "What is the warranty period of the Kestrune Limited Warranty?",
                    "For how many months does the Kestrune Limited Warranty cover a product?",
                    "What length of cover does the Kestrune Limited Warranty give?",
                    "If my device develops a fault, for how long after purchase does the Kestrune "
                    "Limited Warranty still apply?",
                    "How much time from the purchase date is protected under the Kestrune Limited "
                    "Warranty?",
                ],
                v2="36 months",
                customer="I bought a headlamp from you a while back and now it flickers — how long "
                "does your warranty on new products actually last?",
            ),
            C(
                "battery",
                "battery warranty period",
                "18 months",
                [
                    "How long are batteries covered under the Kestrune Limited Warranty?",
                    "What is the battery coverage period in the Kestrune Limited Warranty?",
                    "For how long does the Kestrune Limited Warranty cover rechargeable batteries?",
                    "How many months of battery cover does the Kestrune Limited Warranty include?",
                    "My battery no longer holds its charge: until how many months after purchase "
                    "can I claim for it under the Kestrune Limited Warranty?",
                    "What is the time limit for battery claims under the Kestrune Limited "
                    "Warranty?",
                ],
                customer="My messenger's battery barely holds a charge anymore — how long is the "
                "battery itself covered under your warranty?",
            ),
            C(
                "registration",
                "registration deadline",
                "60 days",
                [
                    "Within how many days must I register a product to extend the Kestrune "
                    "Limited Warranty?",
                    "What is the registration deadline for the Kestrune Limited Warranty "
                    "extension?",
                    "How soon after purchase must a product be registered to get the Kestrune "
                    "Limited Warranty extension?",
                    "How long do I have to register under the Kestrune Limited Warranty?",
                    "To earn six extra months on the Kestrune Limited Warranty, by when must I "
                    "have registered my purchase?",
                    "What time window after buying applies to registration in the Kestrune "
                    "Limited Warranty?",
                ],
                customer="Just bought a navigator — how long have I got to register it in the app "
                "so I get the extra six months of warranty?",
            ),
            C(
                "email",
                "claims email address",
                "warranty@kestrune.example",
                [
                    "Where do I send a claim under the Kestrune Limited Warranty?",
                    "What is the email address for Kestrune Limited Warranty claims?",
                    "Which email address handles Kestrune Limited Warranty claims?",
                    "To what address should Kestrune Limited Warranty claims be emailed?",
                    "If I want to claim under the Kestrune Limited Warranty by email, what "
                    "address do I write to?",
                    "Which mailbox receives claims made under the Kestrune Limited Warranty?",
                ],
                kind="email",
                customer="My camera died while it's still under warranty — which email address do "
                "I send the warranty claim to?",
            ),
            C(
                "head",
                "head of warranty services",
                "Ilse Marchetti",
                [
                    "Who leads warranty services for the Kestrune Limited Warranty?",
                    "Who is the head of warranty services named in the Kestrune Limited Warranty?",
                    "Who is in charge of the Kestrune Limited Warranty team?",
                    "Which person runs warranty services under the Kestrune Limited Warranty?",
                    "Whose job is it to review rejected claims under the Kestrune Limited "
                    "Warranty?",
                    "Which manager looks at every refused Kestrune Limited Warranty claim "
                    "personally?",
                ],
                kind="person",
                customer="My warranty claim got turned down and I want to know who looked at it — "
                "who's the head of your warranty team?",
            ),
        ],
    ),
    D(
        "policy-returns",
        "Kestrune Returns Policy",
        "Kestrune returns policy",
        "policy",
        """
If a Kestrune product is not right for you, you can send it back. This policy applies to orders
placed in the Kestrune online shop; products bought from a reseller are returned to that reseller
under its own terms.

## The return window

Under the Kestrune returns policy you have {{window}} from the day of delivery to start a return.
Start it in your account or through customer support, and you will receive a returns number that
must be written on the parcel. Gifts can be returned by the recipient with the order number.

## Condition and fees

Unopened products are refunded in full. Opened products in as-new condition are also accepted, but
a restocking fee of {{fee}} of the price is deducted for them. Products that are damaged or missing
parts are assessed one by one. Ampora power stations must be returned in their original box because
of the rules for shipping large batteries.

## Sending it back

You may use your own carrier or buy a prepaid label from us, which costs {{label}} and is deducted
from the refund. If the product is faulty, the label is free. Every return goes to the Kestrune
returns centre at {{centre}}, where it is inspected within two working days of arrival.

## Refunds

Refunds go back to the original payment method. Once the inspection is complete, the refund is
processed within {{refund}}; your bank may take a little longer to show it. Shipping charges from
the original order are refunded only when the whole order is returned. For faults that appear
after the return window, please see the Kestrune Limited Warranty.
""",
        [
            C(
                "window",
                "return window",
                "35 days",
                [
                    "How long is the return window in the Kestrune returns policy?",
                    "How many days do I have to return a product under the Kestrune returns "
                    "policy?",
                    "What is the return period of the Kestrune returns policy?",
                    "Under the Kestrune returns policy, how long do I have to start a return?",
                    "My parcel arrived today: according to the Kestrune returns policy, how much "
                    "time do I have to send it back?",
                    "What deadline after delivery does the Kestrune returns policy set for "
                    "returns?",
                ],
                v2="45 days",
                customer="Got my order last week and I'm not sure I like it — how long after "
                "delivery can I still send it back to your shop?",
            ),
            C(
                "fee",
                "restocking fee",
                "12.5%",
                [
                    "What is the restocking fee in the Kestrune returns policy?",
                    "How much is deducted for opened products under the Kestrune returns policy?",
                    "What restocking fee does the Kestrune returns policy charge?",
                    "Under the Kestrune returns policy, what percentage is kept when an opened "
                    "item is returned?",
                    "If I return something I have already unboxed, what share of the price does "
                    "the Kestrune returns policy hold back?",
                    "What cut of the refund does the Kestrune returns policy take for opened "
                    "goods?",
                ],
                customer="I opened the box and tried the headlamp but want to return it — how much "
                "of the price do you keep for opened items?",
            ),
            C(
                "label",
                "return label price",
                "€6.90",
                [
                    "How much does a prepaid return label cost under the Kestrune returns policy?",
                    "What is the price of a return label in the Kestrune returns policy?",
                    "What does the Kestrune returns policy charge for a prepaid label?",
                    "How much is the return label offered in the Kestrune returns policy?",
                    "If I let Kestrune supply the shipping label for my return, what is taken off "
                    "my refund under the Kestrune returns policy?",
                    "Under the Kestrune returns policy, what does the prepaid postage for a "
                    "return cost me?",
                ],
                customer="If I use your prepaid return label instead of my own courier, how much "
                "gets knocked off my refund?",
            ),
            C(
                "centre",
                "returns centre location",
                "Hallgata Logistics Park",
                [
                    "Where is the returns centre in the Kestrune returns policy?",
                    "Where do returns go under the Kestrune returns policy?",
                    "What is the location of the returns centre named in the Kestrune returns "
                    "policy?",
                    "Under the Kestrune returns policy, where are returned products inspected?",
                    "To which site do I ship my parcel when following the Kestrune returns policy?",
                    "Where does the Kestrune returns policy say returned items end up?",
                ],
                customer="I'm sending back something I ordered from your online shop — where is "
                "your returns centre?",
            ),
            C(
                "refund",
                "refund processing time",
                "9 working days",
                [
                    "How long does a refund take under the Kestrune returns policy?",
                    "What is the refund processing time in the Kestrune returns policy?",
                    "How quickly are refunds processed under the Kestrune returns policy?",
                    "Under the Kestrune returns policy, when is the refund processed after "
                    "inspection?",
                    "Once my return has been checked, how soon does the Kestrune returns policy "
                    "promise my money back?",
                    "What is the Kestrune returns policy's turnaround for paying out a refund?",
                ],
                customer="Your team has already inspected my returned order — how long until the "
                "refund actually goes through?",
            ),
        ],
    ),
    D(
        "policy-shipping-domestic",
        "Kestrune Domestic Shipping",
        "Kestrune domestic shipping",
        "policy",
        """
This page explains how orders from the Kestrune online shop are delivered within the country.
International orders follow a separate page, Kestrune International Shipping.

## Options and prices

There are two delivery options. Kestrune Standard shipping costs {{std-cost}} per order, and
parcels sent this way usually arrive within {{std-time}}. Kestrune Express shipping costs
{{exp-cost}} per order and takes {{exp-time}} from dispatch to your door. Under Kestrune domestic
shipping, orders above {{threshold}} ship free with the standard option. Working days are
Monday to Friday, excluding public holidays.

## When your order leaves the warehouse

Orders placed before {{cutoff}} on a working day are packed and dispatched the same day. Later
orders leave on the next working day. Pre-orders are dispatched in the order in which they were
received, as soon as stock arrives.

## Who delivers

Parcels are delivered by {{carrier}}, whose tracking link is emailed to you at dispatch. If nobody
is at home, the driver leaves the parcel at the nearest pick-up point and a card in your letterbox.
Ampora power stations travel with a two-person freight service instead and need a signature on
delivery.

## Damaged parcels

Check the box when it arrives. If it is damaged, say so on the driver's handheld terminal and
contact customer support within two days with photos; we will send a replacement before the
damaged item is back with us.
""",
        [
            A(
                "shipping cost",
                "€4.95",
                "€5.45",
                key="std-cost",
                subject="Kestrune Standard shipping",
            ),
            A(
                "delivery time",
                "3 to 5 working days",
                key="std-time",
                subject="Kestrune Standard shipping",
            ),
            A("shipping cost", "€11.50", key="exp-cost", subject="Kestrune Express shipping"),
            A(
                "delivery time",
                "1 to 2 working days",
                key="exp-time",
                subject="Kestrune Express shipping",
            ),
            C(
                "threshold",
                "free shipping threshold",
                "€80",
                [
                    "What is the free shipping threshold for Kestrune domestic shipping?",
                    "Above what order value is Kestrune domestic shipping free?",
                    "How much must I spend to get free Kestrune domestic shipping?",
                    "From what amount does Kestrune domestic shipping cost nothing?",
                    "How large does my basket have to be before Kestrune domestic shipping stops "
                    "charging for delivery?",
                    "What order total unlocks free delivery with Kestrune domestic shipping?",
                ],
                v2="€100",
                customer="I'm ordering a few accessories for delivery here in the country — how "
                "much do I need to spend before standard delivery is free?",
            ),
            C(
                "cutoff",
                "same-day dispatch cut-off",
                "14:30",
                [
                    "What is the same-day dispatch cut-off for Kestrune domestic shipping?",
                    "By what time must I order for same-day dispatch with Kestrune domestic "
                    "shipping?",
                    "What is the order cut-off time for Kestrune domestic shipping?",
                    "Until what time are orders dispatched the same day under Kestrune domestic "
                    "shipping?",
                    "If I want my parcel to leave today with Kestrune domestic shipping, what is "
                    "the latest I can order?",
                    "What hour marks the end of same-day packing for Kestrune domestic shipping?",
                ],
                v2="15:30",
                customer="Ordering for delivery within the country this afternoon — what's the "
                "latest I can place it and still have it leave your warehouse today?",
            ),
            C(
                "carrier",
                "domestic carrier",
                "Nordpak",
                [
                    "Which carrier delivers Kestrune domestic shipping?",
                    "What company handles Kestrune domestic shipping?",
                    "Who is the carrier for Kestrune domestic shipping?",
                    "Which delivery firm does Kestrune domestic shipping use?",
                    "Whose van brings parcels sent with Kestrune domestic shipping to my door?",
                    "Which parcel service sends the tracking link for Kestrune domestic shipping?",
                ],
                kind="org",
                customer="Waiting on an order within the country — which delivery company will be "
                "bringing it so I can watch for their driver?",
            ),
        ],
    ),
    D(
        "policy-shipping-international",
        "Kestrune International Shipping",
        "Kestrune international shipping",
        "policy",
        """
Kestrune ships most products abroad from its warehouse in Tornhavn. This page covers delivery
outside the country; for domestic orders, see Kestrune Domestic Shipping.

## Where we deliver

Kestrune international shipping currently reaches {{countries}}, listed at checkout. If your
country is missing, an authorised reseller may be able to help, and the reseller list is kept on
the support pages.

## Prices and delivery times

Every international order is charged a flat rate of {{rate}}, whatever its size, except for Ampora
power stations, which are quoted separately. Within the European Union, delivery takes
{{eu-time}}; elsewhere, allow up to three weeks. International parcels are carried by
{{carrier}}, and the tracking number is sent by email at dispatch.

## Customs

Orders to countries outside the European Union may be charged import duties and taxes on arrival,
which the recipient pays. To save time at the border, Kestrune can clear customs for you in advance
for a customs clearance fee of {{customs}}, chosen at checkout.

## Batteries and restrictions

Lithium batteries are subject to transport rules. Ampora power stations are sent by road freight
only and are not delivered outside Europe. Spare batteries for Lumberra headlamps are shipped only
when fitted or packed with the lamp.

## Returns from abroad

The Kestrune returns policy applies to international orders too, but return shipping is paid by the
customer unless the product is faulty.
""",
        [
            C(
                "countries",
                "number of countries served",
                "38 countries",
                [
                    "How many countries does Kestrune international shipping reach?",
                    "To how many countries does Kestrune international shipping deliver?",
                    "What is the number of countries served by Kestrune international shipping?",
                    "How many destination countries are covered by Kestrune international "
                    "shipping?",
                    "If I count the countries Kestrune international shipping can send parcels "
                    "to, what total do I get?",
                    "Across how many nations is Kestrune international shipping available?",
                ],
                v2="44 countries",
                customer="I'm ordering from abroad — how many countries do you actually ship to?",
            ),
            C(
                "rate",
                "international flat rate",
                "€14.90",
                [
                    "What is the flat rate for Kestrune international shipping?",
                    "How much does Kestrune international shipping cost per order?",
                    "What does Kestrune international shipping charge?",
                    "What is the price of Kestrune international shipping?",
                    "Whatever the size of my order, what fee does Kestrune international shipping "
                    "add?",
                    "What single charge applies to an order sent with Kestrune international "
                    "shipping?",
                ],
                v2="€16.90",
                customer="I live outside the country — what flat fee do you charge to ship an "
                "order to me?",
            ),
            C(
                "eu-time",
                "delivery time within the EU",
                "4 to 7 working days",
                [
                    "How long does Kestrune international shipping take within the EU?",
                    "What is the EU delivery time for Kestrune international shipping?",
                    "How many days does Kestrune international shipping need inside the European "
                    "Union?",
                    "How quickly does Kestrune international shipping arrive in EU countries?",
                    "If I live in another EU country, how long will Kestrune international "
                    "shipping take to reach me?",
                    "For a parcel going to a European Union address, what transit time does "
                    "Kestrune international shipping quote?",
                ],
                customer="I live in France and just ordered from you — roughly how long does "
                "delivery take to get here?",
            ),
            C(
                "carrier",
                "international carrier",
                "Ternway Express",
                [
                    "Which carrier handles Kestrune international shipping?",
                    "Who carries parcels for Kestrune international shipping?",
                    "What company delivers Kestrune international shipping?",
                    "Which courier does Kestrune international shipping use?",
                    "Whose tracking number will I get for a parcel sent by Kestrune international "
                    "shipping?",
                    "Which delivery company moves orders abroad for Kestrune international "
                    "shipping?",
                ],
                kind="org",
                customer="I ordered from abroad — which courier delivers your international "
                "parcels, so I know whose tracking site to check?",
            ),
            C(
                "customs",
                "customs clearance fee",
                "€7.80",
                [
                    "What is the customs clearance fee for Kestrune international shipping?",
                    "How much does advance customs clearance cost with Kestrune international "
                    "shipping?",
                    "What does Kestrune international shipping charge to clear customs?",
                    "How much is the customs clearance option of Kestrune international shipping?",
                    "If I let Kestrune handle the border paperwork, what extra do I pay for "
                    "Kestrune international shipping?",
                    "What is the price of pre-clearing import formalities with Kestrune "
                    "international shipping?",
                ],
                customer="I'm in Norway and don't want surprises at the border — how much do you "
                "charge to sort out customs for me ahead of time?",
            ),
        ],
    ),
    D(
        "policy-kestrune-care",
        "Kestrune Care Service Plans",
        "Kestrune Care plans",
        "policy",
        """
Kestrune Care plans extend the protection of the Kestrune Limited Warranty with faster service and,
on the higher tier, cover for accidents. Each plan covers one registered device and renews every
year until you cancel it.

## The two plans

[[care-price]] It adds priority support, a loan device for repairs that take longer than a week,
and free battery replacement once a year if the battery falls below 80 percent of its capacity.
[[plus-price]] It includes everything in Kestrune Care and also covers accidental damage, such as a
cracked screen, a fall from a cliff edge or a navigator dropped in the sea.

## Buying a plan

Kestrune Care plans can be bought with a new device or added later, but no later than {{window}}
after the purchase of the device. The device must be in working order when the plan starts.

## Claims

For an accidental damage claim under Kestrune Care Plus, an excess of {{excess}} is paid per claim,
with at most two claims in any plan year. Kestrune Care Plus replaces a device that cannot be
repaired within {{turnaround}} of receiving it, and the replacement keeps the remaining time of your
plan.

## Cancelling

You can cancel a plan at any time in your account. If you cancel within the first month, you get
a full refund; after that, the unused months are refunded pro rata.
""",
        [
            A("annual price", "€39", "€42", key="care-price", subject="Kestrune Care"),
            A("annual price", "€79", key="plus-price", subject="Kestrune Care Plus"),
            C(
                "window",
                "purchase deadline",
                "90 days",
                [
                    "How long after buying a device can I still add one of the Kestrune Care "
                    "plans?",
                    "What is the purchase deadline for Kestrune Care plans?",
                    "Within how many days of buying a device must Kestrune Care plans be bought?",
                    "How late can Kestrune Care plans be added to a device?",
                    "I bought my navigator a while ago: how much time after the purchase do I "
                    "have to take out one of the Kestrune Care plans?",
                    "What is the latest point after buying a product that Kestrune Care plans can "
                    "still start?",
                ],
                customer="I bought my camera a while ago and now I'm thinking about adding a Care "
                "plan — is it too late, what's the cut-off after purchase?",
            ),
            C(
                "excess",
                "accidental damage excess",
                "€25",
                [
                    "What is the excess for an accidental damage claim under Kestrune Care Plus?",
                    "How much do I pay per accidental damage claim with Kestrune Care Plus?",
                    "What is the Kestrune Care Plus excess per claim?",
                    "How much is the claim excess on Kestrune Care Plus?",
                    "If I crack my screen and claim under Kestrune Care Plus, what do I have to "
                    "pay myself?",
                    "What contribution does Kestrune Care Plus ask for each accident claim?",
                ],
                subject="Kestrune Care Plus",
                customer="I dropped my navigator off a ledge and I have Care Plus — how much will "
                "I have to chip in for the claim?",
            ),
            C(
                "turnaround",
                "replacement deadline",
                "5 working days",
                [
                    "After how long does Kestrune Care Plus replace a device instead of repairing "
                    "it?",
                    "What is the repair deadline before Kestrune Care Plus sends a replacement?",
                    "Within what time must a repair be done before Kestrune Care Plus replaces "
                    "the device?",
                    "How long can a Kestrune Care Plus repair take before a replacement is sent?",
                    "If my broken device is still not fixed, when does Kestrune Care Plus give me "
                    "a new one instead?",
                    "What is the longest a repair may run before Kestrune Care Plus swaps the "
                    "device?",
                ],
                subject="Kestrune Care Plus",
                customer="My device is in for repair under Care Plus and it's taking forever — "
                "after how long do you just send me a new one?",
            ),
        ],
    ),
    D(
        "policy-support-hours",
        "Kestrune Customer Support",
        "Kestrune customer support",
        "policy",
        """
Kestrune customer support helps with orders, setup, firmware, warranty claims and anything else
about Kestrune products. Most questions are answered faster through live chat or the help pages,
but a person is always available during opening hours.

## Opening hours

Kestrune customer support is open on weekdays from {{weekday}}, and on Saturdays from
{{saturday}}. It is closed on Sundays and public holidays. All times are local time in Tornhavn.
SOS alerts from Beaconet messengers are not handled by customer support; they go straight to the
rescue coordination centre described in the Beaconet SOS guide.

## How to reach us

Call {{phone}} during opening hours; calls are free from landlines and mobiles in the country.
Email {{email}} at any time and expect an answer within one working day. Live chat runs in the
Kestrune Trailhead app and on the website, with a target of answering every chat within
{{chat}} during opening hours.

## Before you contact us

Have the serial number of your device ready; it is printed under the battery cover or in the
settings menu. For warranty claims, a copy of your receipt saves a second message.

## Who we are

The support team of around forty people works from Tornhavn and Brennvik, next to the repair
workshop. The team is led by {{head}}, who publishes a quarterly report on response times and the
most common questions.
""",
        [
            C(
                "weekday",
                "weekday opening hours",
                "08:00 to 18:00",
                [
                    "What are the weekday opening hours of Kestrune customer support?",
                    "When is Kestrune customer support open on weekdays?",
                    "What hours does Kestrune customer support work Monday to Friday?",
                    "During which hours can I reach Kestrune customer support on a weekday?",
                    "If I need help on a Tuesday, between what times is Kestrune customer support "
                    "available?",
                    "From when until when does Kestrune customer support answer on working days?",
                ],
                v2="07:30 to 19:00",
                customer="I need to call about my order on a Wednesday — what hours is your "
                "support team around?",
            ),
            C(
                "saturday",
                "Saturday opening hours",
                "10:00 to 14:00",
                [
                    "What are the Saturday opening hours of Kestrune customer support?",
                    "When is Kestrune customer support open on Saturdays?",
                    "What hours does Kestrune customer support work on Saturday?",
                    "During which Saturday hours can I reach Kestrune customer support?",
                    "If I call at the weekend, between what times on a Saturday will Kestrune "
                    "customer support pick up?",
                    "What time window on Saturdays does Kestrune customer support cover?",
                ],
                customer="I can only get in touch at the weekend — what hours is your support open "
                "on a Saturday?",
            ),
            C(
                "phone",
                "phone number",
                "0800 414 2270",
                [
                    "What is the phone number of Kestrune customer support?",
                    "Which number do I call for Kestrune customer support?",
                    "How do I phone Kestrune customer support?",
                    "What telephone number does Kestrune customer support use?",
                    "If I would rather speak to someone, what number reaches Kestrune customer "
                    "support?",
                    "What line should I dial to talk to Kestrune customer support?",
                ],
                customer="I'd rather talk to a real person than use the chat — what's the number "
                "for your customer support?",
            ),
            C(
                "email",
                "support email address",
                "help@kestrune.example",
                [
                    "What is the email address of Kestrune customer support?",
                    "Where do I email Kestrune customer support?",
                    "Which address should I write to for Kestrune customer support?",
                    "What email does Kestrune customer support use?",
                    "If I want to write to Kestrune customer support instead of calling, which "
                    "address do I use?",
                    "Which inbox receives messages for Kestrune customer support?",
                ],
                kind="email",
                customer="I don't want to sit on hold — what's the general email address for your "
                "customer support?",
            ),
            C(
                "chat",
                "live chat response target",
                "90 seconds",
                [
                    "What is the live chat response target of Kestrune customer support?",
                    "How quickly does Kestrune customer support aim to answer a chat?",
                    "How fast are chats answered by Kestrune customer support?",
                    "What answer time does Kestrune customer support target for live chat?",
                    "If I open a chat window, how long should Kestrune customer support take to "
                    "reply?",
                    "Within what time does Kestrune customer support try to pick up each live "
                    "chat?",
                ],
                v2="60 seconds",
                customer="If I start a live chat with your support, how long should I expect to "
                "wait before someone replies?",
            ),
            C(
                "head",
                "head of customer support",
                "Tomas Ekwall",
                [
                    "Who leads Kestrune customer support?",
                    "Who is the head of Kestrune customer support?",
                    "Who runs the Kestrune customer support team?",
                    "Which person is in charge of Kestrune customer support?",
                    "Who publishes the quarterly report of Kestrune customer support?",
                    "Which manager heads the people who answer calls at Kestrune customer support?",
                ],
                v2="Priya Lindqvist",
                kind="person",
                customer="I'd like to escalate a complaint about how support treated me — who's in "
                "charge of your support team?",
            ),
        ],
    ),
    D(
        "policy-firmware-updates",
        "Kestrune Firmware Update Policy",
        "Kestrune firmware update policy",
        "policy",
        """
Kestrune devices receive firmware updates that fix faults, close security gaps and add features.
This policy explains how often updates are released, for how long each product is supported, and
how to try new firmware early.

## Support period

Under the Kestrune firmware update policy, every product receives updates for at least
{{support}} after Kestrune stops selling it. The date on which a product leaves the range is
published on its support page, so you can see how long your device will be maintained.

## Release rhythm

Feature updates are released roughly every {{cadence}}, with a short summary of changes in the
Kestrune Trailhead app. Security fixes do not wait for the next release: Kestrune commits to
shipping a fix for a serious vulnerability within {{patch}} of confirming it.

## Current versions

The current Tessel firmware is version {{tessel}}. It is installed through the Kestrune Trailhead
app or by connecting the navigator to a computer with the Kestrune Sync tool. Update notes for
older versions are kept in the app's archive.

## Trying updates early

Owners who want to test new firmware before release can join {{beta}}, the Kestrune beta
programme. Members receive test builds a few weeks early and report problems through a form in the
app. Test builds can be removed by installing the current public version again.

## Installing safely

Charge the device above half before updating and do not disconnect it while the progress bar is
shown. If an update fails, the device restarts with its previous firmware.
""",
        [
            C(
                "support",
                "update support period",
                "72 months",
                [
                    "How long are products supported under the Kestrune firmware update policy?",
                    "What is the support period in the Kestrune firmware update policy?",
                    "For how long after the end of sale does the Kestrune firmware update policy "
                    "promise updates?",
                    "How many months of updates does the Kestrune firmware update policy "
                    "guarantee?",
                    "Once Kestrune stops selling my device, how much longer will it get updates "
                    "according to the Kestrune firmware update policy?",
                    "What minimum maintenance period after discontinuation does the Kestrune "
                    "firmware update policy commit to?",
                ],
                customer="If you stop selling my navigator next year, how long will it keep "
                "getting firmware updates after that?",
            ),
            C(
                "cadence",
                "release cadence",
                "10 weeks",
                [
                    "How often are feature updates released under the Kestrune firmware update "
                    "policy?",
                    "What is the release cadence in the Kestrune firmware update policy?",
                    "How frequently does the Kestrune firmware update policy schedule feature "
                    "updates?",
                    "At what interval do feature releases come under the Kestrune firmware update "
                    "policy?",
                    "How long is the gap between one feature release and the next in the Kestrune "
                    "firmware update policy?",
                    "What rhythm of new features does the Kestrune firmware update policy follow?",
                ],
                customer="I keep waiting for new features on my device — how often do you usually "
                "put out a firmware feature update?",
            ),
            C(
                "patch",
                "security fix deadline",
                "28 days",
                [
                    "How quickly are security fixes shipped under the Kestrune firmware update "
                    "policy?",
                    "What is the security fix deadline in the Kestrune firmware update policy?",
                    "Within how many days does the Kestrune firmware update policy promise a "
                    "security fix?",
                    "How long may a serious vulnerability stay unpatched under the Kestrune "
                    "firmware update policy?",
                    "After a serious flaw is confirmed, how soon must a fix ship according to the "
                    "Kestrune firmware update policy?",
                    "What turnaround for vulnerability patches does the Kestrune firmware update "
                    "policy commit to?",
                ],
                customer="I read about security holes in gadgets — once you confirm a serious "
                "vulnerability, how fast do you promise to patch it?",
            ),
            C(
                "tessel",
                "current Tessel firmware version",
                "4.7.3",
                [
                    "What is the current Tessel firmware version in the Kestrune firmware update "
                    "policy?",
                    "Which firmware version is current for Tessel navigators according to the "
                    "Kestrune firmware update policy?",
                    "What Tessel firmware version does the Kestrune firmware update policy list "
                    "as current?",
                    "Which version number is the latest Tessel firmware in the Kestrune firmware "
                    "update policy?",
                    "If I update my navigator today, which Tessel release will I get according to "
                    "the Kestrune firmware update policy?",
                    "What build of the Tessel software is named as the newest in the Kestrune "
                    "firmware update policy?",
                ],
                v2="4.8.1",
                customer="My Tessel says it's up to date but I'm not sure — what's the latest "
                "firmware for Tessel navigators?",
            ),
            C(
                "beta",
                "beta programme name",
                "Fieldtest Circle",
                [
                    "What is the beta programme called in the Kestrune firmware update policy?",
                    "What is the name of the beta programme in the Kestrune firmware update "
                    "policy?",
                    "Which programme lets owners test firmware early under the Kestrune firmware "
                    "update policy?",
                    "What is the Kestrune firmware update policy's early-access programme called?",
                    "If I want test builds before release, what group should I join according to "
                    "the Kestrune firmware update policy?",
                    "Under what name does the Kestrune firmware update policy run its testing "
                    "community?",
                ],
                kind="org",
                customer="I'd love to try new firmware before everyone else — what's the name of "
                "the beta group I should sign up for?",
            ),
        ],
    ),
    D(
        "policy-recycling",
        "Kestrune ReCircuit Take-Back Programme",
        "Kestrune ReCircuit programme",
        "policy",
        """
The Kestrune ReCircuit programme takes back old Kestrune devices, batteries and accessories so
that their materials can be recovered. It is free, it accepts products in any condition, and it
rewards you with a voucher for your next order.

## How to return a device

You can hand in old products at any of the {{points}} run by Kestrune's retail partners, shown on
the map in the Kestrune Trailhead app. If there is none near you, print a free postage label from
your account; labels are free for parcels of up to {{parcel}}. Remove personal data and, where
possible, the memory card before you send a device.

## The voucher

For every product returned through the Kestrune ReCircuit programme, you receive a {{voucher}}
voucher by email once the parcel has been received. Vouchers are valid for a year and can be
combined with other offers, but not exchanged for cash.

## What happens to your device

Devices that still work are checked and donated to schools and mountain clubs. Everything else
goes to {{partner}}, our recycling partner, which separates metals, plastics and battery materials.
In the last reporting year the Kestrune ReCircuit programme recovered {{rate}} of the material it
received by weight.

## Batteries

Loose batteries must have their terminals taped before they are posted. Swollen batteries should
never be posted; take them to a drop-off point or ask customer support for a special box.
""",
        [
            C(
                "points",
                "number of drop-off points",
                "140 drop-off points",
                [
                    "How many drop-off points does the Kestrune ReCircuit programme have?",
                    "How many places can I hand in devices for the Kestrune ReCircuit programme?",
                    "What is the number of drop-off points in the Kestrune ReCircuit programme?",
                    "How many collection points does the Kestrune ReCircuit programme offer?",
                    "If I want to drop an old device off in person, how many locations can I "
                    "choose from in the Kestrune ReCircuit programme?",
                    "Across how many partner sites does the Kestrune ReCircuit programme accept "
                    "returns?",
                ],
                v2="165 drop-off points",
                customer="I've got an old headlamp to recycle — how many drop-off locations do you "
                "have for your take-back scheme?",
            ),
            C(
                "parcel",
                "free label weight limit",
                "15 kg",
                [
                    "Up to what weight are postage labels free in the Kestrune ReCircuit "
                    "programme?",
                    "What is the weight limit for free labels in the Kestrune ReCircuit programme?",
                    "How heavy can a parcel be for a free Kestrune ReCircuit programme label?",
                    "What is the maximum parcel weight for free postage in the Kestrune ReCircuit "
                    "programme?",
                    "If my box of old gear is heavy, what is the most it can weigh and still ship "
                    "free under the Kestrune ReCircuit programme?",
                    "Beyond what parcel weight does the Kestrune ReCircuit programme stop paying "
                    "postage?",
                ],
                customer="I'm boxing up a pile of old gear for your recycling scheme — how heavy "
                "can the box be and still get a free postage label?",
            ),
            C(
                "voucher",
                "voucher value",
                "€15",
                [
                    "How much is the voucher from the Kestrune ReCircuit programme worth?",
                    "What voucher do I get for returning a product to the Kestrune ReCircuit "
                    "programme?",
                    "What is the value of the Kestrune ReCircuit programme voucher?",
                    "How big is the reward voucher in the Kestrune ReCircuit programme?",
                    "When I send an old device back through the Kestrune ReCircuit programme, "
                    "what credit do I earn?",
                    "What amount does the Kestrune ReCircuit programme give per returned product?",
                ],
                v2="€20",
                customer="If I send my dead trail camera to your recycling programme, how much is "
                "the voucher I get back?",
            ),
            C(
                "partner",
                "recycling partner",
                "Grenholm Metals",
                [
                    "Who is the recycling partner of the Kestrune ReCircuit programme?",
                    "Which company recycles devices for the Kestrune ReCircuit programme?",
                    "What firm does the Kestrune ReCircuit programme use for recycling?",
                    "Who processes returned materials in the Kestrune ReCircuit programme?",
                    "Where do broken devices collected by the Kestrune ReCircuit programme get "
                    "taken apart?",
                    "Which business separates metals and plastics for the Kestrune ReCircuit "
                    "programme?",
                ],
                kind="org",
                customer="Out of curiosity, which company actually recycles the devices we hand in "
                "to your take-back programme?",
            ),
            C(
                "rate",
                "material recovery rate",
                "94%",
                [
                    "What material recovery rate did the Kestrune ReCircuit programme achieve?",
                    "How much material does the Kestrune ReCircuit programme recover?",
                    "What share of material by weight was recovered by the Kestrune ReCircuit "
                    "programme?",
                    "What is the recovery rate of the Kestrune ReCircuit programme?",
                    "Of everything handed in last year, what proportion did the Kestrune "
                    "ReCircuit programme manage to reclaim?",
                    "By weight, how much of the returned material was saved by the Kestrune "
                    "ReCircuit programme?",
                ],
                customer="I'm trying to be eco-conscious — how much of the stuff returned to your "
                "recycling scheme really gets recovered?",
            ),
        ],
    ),
    D(
        "policy-trade-in",
        "Kestrune Trade-In Programme",
        "Kestrune trade-in programme",
        "policy",
        """
The Kestrune trade-in programme gives you credit for an old navigator, messenger, camera or power
station when you buy a new Kestrune product. Products from other brands are accepted too, as long
as they belong to one of the same categories.

## What we accept

Products up to {{age}} old are accepted, counted from their original release. They must switch on
and be free of account locks; cracked screens and worn cases lower the credit but do not rule a
product out.

## How much you get

The credit depends on the model and its condition, up to a maximum of {{max}} per product. When you
trade in an old Kestrune product for a newer model of the same family, for example a Tessel A200
for a Tessel A300, you receive an upgrade bonus of {{bonus}} on top of the assessed credit.

## How it works

Request a quote in your account, send the product with the free label, and wait for the
assessment. Products are assessed by {{assessor}}, an independent refurbishing company, which
photographs each device and explains any reduction. The credit is issued within {{credit}} of the
product's arrival and can be spent in the Kestrune online shop for a year.

## If you disagree

If you do not accept the assessed credit, we send the product back to you free of charge. Products
that are not worth any credit can be passed on to the Kestrune ReCircuit take-back programme
instead.
""",
        [
            C(
                "age",
                "maximum product age",
                "12 years",
                [
                    "How old can a product be for the Kestrune trade-in programme?",
                    "What is the maximum product age in the Kestrune trade-in programme?",
                    "Up to what age does the Kestrune trade-in programme accept products?",
                    "What age limit applies to devices in the Kestrune trade-in programme?",
                    "My navigator came out a long time ago: how many years since release can it "
                    "be and still qualify for the Kestrune trade-in programme?",
                    "Beyond what age is a device too old for the Kestrune trade-in programme?",
                ],
                customer="I've got a really old messenger I'd like to trade in — how many years "
                "old is too old for your trade-in scheme?",
            ),
            C(
                "max",
                "maximum credit",
                "€120",
                [
                    "What is the maximum credit in the Kestrune trade-in programme?",
                    "How much can I get at most from the Kestrune trade-in programme?",
                    "What is the highest credit per product in the Kestrune trade-in programme?",
                    "What is the credit cap of the Kestrune trade-in programme?",
                    "Even for a product in perfect condition, what is the most the Kestrune "
                    "trade-in programme will pay?",
                    "What ceiling does the Kestrune trade-in programme put on a single product's "
                    "credit?",
                ],
                customer="What's the most I could possibly get for trading in my old trail camera?",
            ),
            C(
                "bonus",
                "upgrade bonus",
                "€30",
                [
                    "What is the upgrade bonus in the Kestrune trade-in programme?",
                    "How much extra do I get for upgrading within a family in the Kestrune "
                    "trade-in programme?",
                    "What bonus does the Kestrune trade-in programme give for same-family "
                    "upgrades?",
                    "How big is the Kestrune trade-in programme's upgrade bonus?",
                    "If I swap my Tessel A200 for a Tessel A300, what extra amount does the "
                    "Kestrune trade-in programme add?",
                    "On top of the assessed credit, what reward does the Kestrune trade-in "
                    "programme pay for moving up a model?",
                ],
                customer="I'm swapping my old Beaconet for a newer Beaconet model — what extra do "
                "I get on top of the trade-in value?",
            ),
            C(
                "assessor",
                "assessment company",
                "Second Summit Refurbishing",
                [
                    "Who assesses products in the Kestrune trade-in programme?",
                    "Which company assesses trade-ins for the Kestrune trade-in programme?",
                    "What firm evaluates devices for the Kestrune trade-in programme?",
                    "Who decides the condition of products in the Kestrune trade-in programme?",
                    "Which independent business photographs and grades my device in the Kestrune "
                    "trade-in programme?",
                    "Whose refurbishers check returned devices for the Kestrune trade-in "
                    "programme?",
                ],
                kind="org",
                customer="Which company actually grades the device I send in for trade-in — is it "
                "you or someone else?",
            ),
            C(
                "credit",
                "credit issue time",
                "12 working days",
                [
                    "How long does it take to get credit in the Kestrune trade-in programme?",
                    "When is credit issued in the Kestrune trade-in programme?",
                    "How quickly does the Kestrune trade-in programme issue credit?",
                    "What is the credit issue time of the Kestrune trade-in programme?",
                    "After my old device arrives, how long until the Kestrune trade-in programme "
                    "pays out?",
                    "Within how much time of arrival does the Kestrune trade-in programme "
                    "release the credit?",
                ],
                customer="I shipped my old navigator off for trade-in — how long after it arrives "
                "will I see my credit?",
            ),
        ],
    ),
    D(
        "policy-repairs",
        "Kestrune Out-of-Warranty Repair Service",
        "Kestrune repair service",
        "policy",
        """
When a Kestrune product develops a fault after its warranty has ended, the Kestrune repair service
can usually fix it for a fixed price. Repairs are carried out by Kestrune's own technicians with
original parts.

## Where repairs happen

All repairs take place at the Kestrune repair workshop in {{town}}, next to the customer support
team. Send your device with the repair form from your account, or hand it in at a drop-off point
of the Kestrune ReCircuit programme, which forwards it to the workshop.

## Prices

Every device sent to the Kestrune repair service is first checked for a diagnosis fee of
{{diagnosis}}, which is waived if you go ahead with the repair. Tessel navigators are repaired for
a flat fee of {{tessel}}, whatever the fault, as long as the housing is not cracked. Other products
are quoted after diagnosis, and no work starts until you have accepted the quote.

## How long it takes

The Kestrune repair service returns most devices within {{turnaround}} of receiving them. If parts
have to be ordered, we tell you the expected date straight away. Kestrune Care customers receive a
loan device while they wait.

## After the repair

Every repair by the Kestrune repair service carries its own warranty of {{warranty}} on the work
and the parts fitted. Products that cannot be repaired are returned, or recycled free of charge if you
prefer.
""",
        [
            C(
                "town",
                "repair workshop location",
                "Brennvik",
                [
                    "Where is the workshop of the Kestrune repair service?",
                    "In which town does the Kestrune repair service carry out repairs?",
                    "Where are devices fixed by the Kestrune repair service?",
                    "What is the location of the Kestrune repair service workshop?",
                    "If I post a broken device to the Kestrune repair service, to which town does "
                    "it travel?",
                    "Where do the technicians of the Kestrune repair service work?",
                ],
                kind="place",
                customer="My navigator is out of warranty and I want to send it in for repair — "
                "which town is your repair workshop in?",
            ),
            C(
                "diagnosis",
                "diagnosis fee",
                "€19",
                [
                    "What is the diagnosis fee of the Kestrune repair service?",
                    "How much does the Kestrune repair service charge for a diagnosis?",
                    "What does a diagnosis cost at the Kestrune repair service?",
                    "How much is the Kestrune repair service's inspection fee?",
                    "If I send a device in and then decide not to repair it, what does the "
                    "Kestrune repair service charge?",
                    "What is the price of having a fault checked by the Kestrune repair service?",
                ],
                customer="If I send my broken out-of-warranty camera in just to find out what's "
                "wrong, how much is the diagnosis fee?",
            ),
            C(
                "tessel",
                "flat repair fee for Tessel navigators",
                "€72",
                [
                    "What is the flat repair fee for Tessel navigators at the Kestrune repair "
                    "service?",
                    "How much does the Kestrune repair service charge to repair a Tessel?",
                    "What does it cost to fix a Tessel navigator through the Kestrune repair "
                    "service?",
                    "What fixed price does the Kestrune repair service have for Tessel repairs?",
                    "My Tessel's screen no longer lights up: what will the Kestrune repair "
                    "service charge to fix it?",
                    "Whatever the fault, what is the set price for mending a Tessel at the "
                    "Kestrune repair service?",
                ],
                v2="€78",
                customer="My Tessel is past its warranty and the buttons stopped working — what's "
                "the fixed price to get it repaired?",
            ),
            C(
                "turnaround",
                "repair turnaround",
                "10 working days",
                [
                    "How long does the Kestrune repair service take?",
                    "What is the turnaround time of the Kestrune repair service?",
                    "How quickly does the Kestrune repair service return devices?",
                    "Within what time does the Kestrune repair service send most devices back?",
                    "If I post my broken device today, how long until the Kestrune repair service "
                    "usually returns it?",
                    "What is the normal wait for a device sent to the Kestrune repair service?",
                ],
                v2="8 working days",
                customer="I'm sending my out-of-warranty messenger in to be fixed — roughly how "
                "long will I be without it?",
            ),
            C(
                "warranty",
                "repair warranty",
                "180 days",
                [
                    "What warranty do repairs by the Kestrune repair service carry?",
                    "How long is the warranty on work done by the Kestrune repair service?",
                    "What is the repair warranty of the Kestrune repair service?",
                    "For how long are parts fitted by the Kestrune repair service guaranteed?",
                    "If the same fault comes back after a fix by the Kestrune repair service, how "
                    "long am I covered?",
                    "What guarantee period applies to a job completed by the Kestrune repair "
                    "service?",
                ],
                customer="You repaired my navigator out of warranty last month — how long is that "
                "repair guaranteed if it breaks again?",
            ),
        ],
    ),
    D(
        "policy-education-discount",
        "Kestrune Field Study Programme",
        "Kestrune Field Study programme",
        "policy",
        """
The Kestrune Field Study programme supports schools, universities and research groups that use
field electronics in teaching and research. It offers a discount on purchases, a loan pool for
short projects and teaching material prepared with teachers.

## Who can join

Accredited schools, colleges, universities and non-profit research institutes can join. Students
and staff buying for themselves are welcome too, once their status has been confirmed by
{{verifier}}, the verification service Kestrune uses. Membership is renewed every academic year.

## The discount

Members receive a discount of {{discount}} on every product in the Kestrune online shop, including
accessories and Kestrune Care plans. Institutions can buy up to {{units}} per academic year at the
discounted price; larger orders are handled through a Kestrune business account.

## The loan pool

For short projects, the Kestrune Field Study programme lends weather stations, trail cameras and
navigators free of charge for up to {{loan}}, including shipping both ways. Loans are booked online
and are popular in spring, so book early.

## Research projects

Research groups that publish work based on Kestrune equipment can ask for the technical appendices
of the sensors, including the calibration curves of the Nimbrel stations. Kestrune also sponsors a
few student field projects each year, and the call for proposals is sent to members in the autumn.

## Applying

Send your application to {{email}} with the name of your institution and a contact person, or fill
in the form on the Kestrune website. Applications are usually answered within a week. Teaching
material, including a lesson plan for a school weather station, is free for every member.
""",
        [
            C(
                "verifier",
                "verification service",
                "Scholarium",
                [
                    "Which service verifies students for the Kestrune Field Study programme?",
                    "Who confirms eligibility for the Kestrune Field Study programme?",
                    "What verification service does the Kestrune Field Study programme use?",
                    "Who checks student status for the Kestrune Field Study programme?",
                    "Before I can buy as a student under the Kestrune Field Study programme, "
                    "which company has to confirm my status?",
                    "What outside checker does the Kestrune Field Study programme rely on for "
                    "individual members?",
                ],
                kind="org",
                customer="I'm a student and want the education discount — which service do I need "
                "to verify my student status with?",
            ),
            C(
                "discount",
                "discount",
                "22%",
                [
                    "What discount does the Kestrune Field Study programme give?",
                    "How big is the discount in the Kestrune Field Study programme?",
                    "What percentage off do members of the Kestrune Field Study programme get?",
                    "How much cheaper are products in the Kestrune Field Study programme?",
                    "As a university buying through the Kestrune Field Study programme, what "
                    "reduction do I receive on each product?",
                    "What price cut comes with membership of the Kestrune Field Study programme?",
                ],
                customer="I teach at a secondary school — how much discount do schools get through "
                "your education programme?",
            ),
            C(
                "units",
                "annual unit limit",
                "30 units",
                [
                    "How many units can an institution buy per year in the Kestrune Field Study "
                    "programme?",
                    "What is the annual unit limit of the Kestrune Field Study programme?",
                    "How many products per academic year does the Kestrune Field Study programme "
                    "allow at the discount?",
                    "What is the yearly purchase cap in the Kestrune Field Study programme?",
                    "If my school wants a whole class set, how many devices a year can it buy "
                    "through the Kestrune Field Study programme?",
                    "What quantity per academic year qualifies for the discounted price in the "
                    "Kestrune Field Study programme?",
                ],
                customer="Our university wants to kit out a whole lab — how many units a year can "
                "we buy at the education discount?",
            ),
            C(
                "loan",
                "maximum loan period",
                "42 days",
                [
                    "How long can equipment be borrowed from the Kestrune Field Study programme?",
                    "What is the maximum loan period in the Kestrune Field Study programme?",
                    "For how many days does the Kestrune Field Study programme lend devices?",
                    "What is the loan limit of the Kestrune Field Study programme?",
                    "If my class borrows weather stations through the Kestrune Field Study "
                    "programme, how long can we keep them?",
                    "What is the longest a loan from the Kestrune Field Study programme may run?",
                ],
                customer="My class wants to borrow some trail cameras for a project — how long can "
                "we keep them through your education programme?",
            ),
            C(
                "email",
                "application email address",
                "fieldstudy@kestrune.example",
                [
                    "Where do I send an application for the Kestrune Field Study programme?",
                    "What is the email address for the Kestrune Field Study programme?",
                    "Which address receives applications to the Kestrune Field Study programme?",
                    "How do I apply to the Kestrune Field Study programme by email?",
                    "If my school wants to join the Kestrune Field Study programme, which inbox "
                    "should we write to?",
                    "What mail address handles membership requests for the Kestrune Field Study "
                    "programme?",
                ],
                kind="email",
                customer="Our school wants to join your education programme — what email do we "
                "send the application to?",
            ),
        ],
    ),
    D(
        "policy-privacy-data",
        "Kestrune Account Data and Privacy",
        "Kestrune privacy policy",
        "policy",
        """
This summary of the Kestrune privacy policy explains what data your Kestrune account holds, how
long it is kept and how to get it deleted. The full legal text is available in the app and on the
website.

## What we store

Your account holds your contact details, your orders, the devices you have registered, and, if you
use tracking, the positions your devices have sent. Photos from Glimra cameras are stored only if
you use the cellular service, and they are deleted when you delete them in the app.

## How long we keep it

Under the Kestrune privacy policy, location history is kept for {{location}} and then deleted
automatically, unless you save a track to your library. Accounts that have not been used for
{{inactive}} are closed after two reminder emails, and their data is deleted. Order records are
kept for as long as tax law requires.

## Where it is stored

All account data is stored at the {{datacentre}} data centre, operated under contract for Kestrune,
and backups are encrypted. Data is not sold to third parties or used for advertising.

## Your rights

You can download a copy of your data from your account at any time. A request to delete your
account is completed within {{deletion}}; a confirmation is emailed when it is done. Questions about
the Kestrune privacy policy go to the data protection officer, {{dpo}}, who can also be reached
through customer support.
""",
        [
            C(
                "location",
                "location history retention",
                "13 months",
                [
                    "How long is location history kept under the Kestrune privacy policy?",
                    "What is the location history retention period in the Kestrune privacy policy?",
                    "For how long does the Kestrune privacy policy keep my positions?",
                    "When is location history deleted under the Kestrune privacy policy?",
                    "If I never save a track, how long will my old positions stay in my account "
                    "according to the Kestrune privacy policy?",
                    "After what period does the Kestrune privacy policy automatically erase "
                    "tracking data?",
                ],
                v2="10 months",
                customer="I don't want my tracks hanging around forever — how long do you keep my "
                "location history before it's deleted?",
            ),
            C(
                "inactive",
                "inactive account period",
                "48 months",
                [
                    "After how long are unused accounts closed under the Kestrune privacy policy?",
                    "What is the inactivity period in the Kestrune privacy policy?",
                    "How long can an account stay unused before the Kestrune privacy policy "
                    "closes it?",
                    "When does the Kestrune privacy policy delete inactive accounts?",
                    "If I stop logging in, how long until my account is removed according to the "
                    "Kestrune privacy policy?",
                    "What length of inactivity triggers closure under the Kestrune privacy policy?",
                ],
                customer="I haven't logged into my account in ages — how long before you close an "
                "unused account?",
            ),
            C(
                "datacentre",
                "data centre location",
                "Lindholm",
                [
                    "Where is account data stored under the Kestrune privacy policy?",
                    "Which data centre holds account data according to the Kestrune privacy "
                    "policy?",
                    "What is the data centre named in the Kestrune privacy policy?",
                    "Where does the Kestrune privacy policy say my data is kept?",
                    "In which facility do my account records physically sit according to the "
                    "Kestrune privacy policy?",
                    "What site hosts customer data under the Kestrune privacy policy?",
                ],
                kind="place",
                customer="Where is my account data physically stored — which data centre do you "
                "use?",
            ),
            C(
                "deletion",
                "deletion request deadline",
                "21 days",
                [
                    "How long does account deletion take under the Kestrune privacy policy?",
                    "Within how many days is a deletion request completed under the Kestrune "
                    "privacy policy?",
                    "What is the deletion deadline in the Kestrune privacy policy?",
                    "How quickly does the Kestrune privacy policy delete an account on request?",
                    "If I ask for my account to be erased, how long should I wait according to "
                    "the Kestrune privacy policy?",
                    "What time limit does the Kestrune privacy policy set for honouring an "
                    "erasure request?",
                ],
                customer="I've asked you to delete my account — how long will that take to "
                "complete?",
            ),
            C(
                "dpo",
                "data protection officer",
                "Margit Solberg",
                [
                    "Who is the data protection officer in the Kestrune privacy policy?",
                    "Who handles questions about the Kestrune privacy policy?",
                    "What is the name of the data protection officer named in the Kestrune "
                    "privacy policy?",
                    "Who is responsible for data protection under the Kestrune privacy policy?",
                    "If I have a complaint about how my data is used, which person does the "
                    "Kestrune privacy policy point me to?",
                    "Which officer answers privacy questions according to the Kestrune privacy "
                    "policy?",
                ],
                kind="person",
                customer="I'm worried about how you use my personal data — who's your data "
                "protection officer?",
            ),
        ],
    ),
    D(
        "policy-business-accounts",
        "Kestrune Business Accounts",
        "Kestrune business accounts",
        "policy",
        """
Kestrune business accounts are made for companies, rescue services, farms and public bodies that
equip teams with Kestrune products. They offer invoice payment, volume discounts and one contact
person for orders, repairs and renewals.

## Opening an account

Any registered organisation can apply in a few minutes online. The first order on a new Kestrune
business account must be worth at least {{minimum}}; after that, there is no minimum order value.
Accounts are usually approved within two working days.

## Paying

Kestrune business accounts pay by invoice, with payment terms of {{terms}} from the invoice date.
Card payment remains available for small orders, and a combined monthly invoice can be requested
for organisations that order often.

## Discounts and service

Orders of more than twenty units of the same product receive a volume discount of {{discount}} on
the list price. Accounts that buy more than {{manager}} in a year are assigned a dedicated account
manager, who also arranges on-site training for new teams. Repairs for business customers are
collected from your premises when five or more devices are waiting.

## Managing devices

Business customers see all their registered devices in one list, with warranty dates, firmware
versions and Kestrune Care status. Devices can be moved between team members without losing their
history, and a list of upcoming warranty end dates can be exported at any time.

## Contact

The business sales team is led by {{lead}} and can be reached through the contact form on the
Kestrune website. For urgent replacements during a deployment, use the priority line shown in your
account.
""",
        [
            C(
                "minimum",
                "minimum first order",
                "€2,500",
                [
                    "What is the minimum first order for Kestrune business accounts?",
                    "How much must the first order be for Kestrune business accounts?",
                    "What minimum order value applies to new Kestrune business accounts?",
                    "What is the smallest first order allowed on Kestrune business accounts?",
                    "When my company opens one of the Kestrune business accounts, how large must "
                    "its first purchase be?",
                    "What opening order value do Kestrune business accounts require?",
                ],
                customer="We're a mountain rescue team looking to open a business account — what's "
                "the minimum spend on our first order?",
            ),
            C(
                "terms",
                "payment terms",
                "40 days",
                [
                    "What are the payment terms for Kestrune business accounts?",
                    "How long do Kestrune business accounts have to pay an invoice?",
                    "Within how many days must invoices be paid on Kestrune business accounts?",
                    "What invoice terms do Kestrune business accounts get?",
                    "After an invoice is issued, how much time do Kestrune business accounts have "
                    "before payment is due?",
                    "What credit period is granted on invoices to Kestrune business accounts?",
                ],
                v2="30 days",
                customer="If our company orders on invoice through a business account, how long do "
                "we have to pay?",
            ),
            C(
                "discount",
                "volume discount",
                "11%",
                [
                    "What volume discount do Kestrune business accounts get?",
                    "How much discount do Kestrune business accounts receive on large orders?",
                    "What is the volume discount for Kestrune business accounts?",
                    "What percentage off do Kestrune business accounts get for big orders?",
                    "If my team orders more than twenty identical units, what reduction do "
                    "Kestrune business accounts receive?",
                    "What price reduction applies to bulk purchases on Kestrune business accounts?",
                ],
                customer="Our farm wants lots of the same headlamp for the staff — what volume "
                "discount does a business account get?",
            ),
            C(
                "manager",
                "account manager threshold",
                "25 units",
                [
                    "How many units must Kestrune business accounts buy to get an account manager?",
                    "What is the threshold for a dedicated manager on Kestrune business accounts?",
                    "When do Kestrune business accounts get a dedicated account manager?",
                    "How much must Kestrune business accounts order per year to be assigned a "
                    "manager?",
                    "What yearly volume earns Kestrune business accounts their own named contact "
                    "person?",
                    "Above how many units a year do Kestrune business accounts qualify for "
                    "personal account management?",
                ],
                customer="We buy a lot of gear every year on our business account — how many units "
                "do we need to get our own account manager?",
            ),
            C(
                "lead",
                "head of business sales",
                "Annika Rudberg",
                [
                    "Who leads the sales team for Kestrune business accounts?",
                    "Who is the head of business sales for Kestrune business accounts?",
                    "Who runs the team behind Kestrune business accounts?",
                    "Which person is in charge of sales for Kestrune business accounts?",
                    "If I want to talk to the boss of the team handling Kestrune business "
                    "accounts, whom should I ask for?",
                    "Whose team looks after Kestrune business accounts?",
                ],
                kind="person",
                customer="I'd like to speak with whoever runs your business sales team — what's "
                "their name?",
            ),
        ],
    ),
    D(
        "policy-price-match",
        "Kestrune Price Match Promise",
        "Kestrune price match promise",
        "policy",
        """
If you find a new Kestrune product cheaper at an authorised reseller after buying it from us, the
Kestrune price match promise refunds the difference. It applies to identical, new products in
stock at the reseller, delivered within the country.

## Claiming the difference

Claims under the Kestrune price match promise must be made within {{window}} of your purchase.
Send a link to the offer or a photo of the shelf price to {{email}}, with your order number. The
lower price must include delivery costs, so a cheaper product with expensive shipping may not
qualify.

## Limits

The Kestrune price match promise refunds at most {{limit}} per order. It does not apply to
auctions, marketplace sellers who are not authorised resellers, clearance sales of damaged stock,
bundle offers, or codes that are valid for a single customer.

## Examples

If you bought a Lumberra headlamp from us and a reseller later sells the same model for less,
delivery included, send us the offer and we refund the difference. A cheaper bundle with a free
accessory does not qualify, because the products are not identical, and refurbished products from
the Kestrune outlet are not covered by the promise.

## Payment

Approved claims are paid to your original payment method within {{payment}}. If Kestrune lowers
its own price during the claim period, the difference is refunded in the same way, without the
need to find another shop. The promise does not change the Kestrune returns policy: you may still
return the product under its normal terms.
""",
        [
            C(
                "window",
                "claim window",
                "14 days",
                [
                    "How long do I have to claim under the Kestrune price match promise?",
                    "What is the claim window of the Kestrune price match promise?",
                    "Within how many days must a Kestrune price match promise claim be made?",
                    "What is the deadline for the Kestrune price match promise?",
                    "I just spotted my navigator cheaper elsewhere: how long after buying can I "
                    "still use the Kestrune price match promise?",
                    "What period after purchase does the Kestrune price match promise cover?",
                ],
                v2="25 days",
                customer="I just saw the headlamp I bought from you cheaper at another shop — how "
                "long do I have to ask for the difference back?",
            ),
            C(
                "email",
                "claims email address",
                "pricematch@kestrune.example",
                [
                    "Where do I send a claim under the Kestrune price match promise?",
                    "What email address is used for the Kestrune price match promise?",
                    "Which address receives Kestrune price match promise claims?",
                    "To what address should I email a Kestrune price match promise claim?",
                    "If I find a lower price, which inbox should hear about it for the Kestrune "
                    "price match promise?",
                    "What mailbox handles requests made under the Kestrune price match promise?",
                ],
                kind="email",
                customer="Found a lower price at a reseller for something I bought from you — "
                "which email do I send the price match claim to?",
            ),
            C(
                "limit",
                "maximum refund per order",
                "€200",
                [
                    "What is the maximum refund under the Kestrune price match promise?",
                    "How much can the Kestrune price match promise refund per order?",
                    "What is the per-order limit of the Kestrune price match promise?",
                    "What is the refund cap of the Kestrune price match promise?",
                    "If the price gap is huge, what is the most the Kestrune price match promise "
                    "will give back on one order?",
                    "What ceiling per order applies to payouts from the Kestrune price match "
                    "promise?",
                ],
                customer="The price difference I found is huge — what's the most you'll pay back "
                "under the price match on one order?",
            ),
            C(
                "payment",
                "payment time",
                "6 working days",
                [
                    "How quickly are Kestrune price match promise claims paid?",
                    "When is an approved Kestrune price match promise claim paid?",
                    "What is the payment time of the Kestrune price match promise?",
                    "How long does the Kestrune price match promise take to refund the difference?",
                    "Once my claim is approved, how long until the Kestrune price match promise "
                    "money reaches me?",
                    "Within what time does the Kestrune price match promise settle an accepted "
                    "claim?",
                ],
                customer="My price match claim got approved — how long until the money shows up?",
            ),
        ],
    ),
]

NEW_POLICY_DOCS_V2 = [
    D(
        "policy-self-repair",
        "Kestrune Self-Repair Programme",
        "Kestrune self-repair programme",
        "policy",
        """
The Kestrune self-repair programme gives owners the parts, tools and instructions to repair their
own devices. It complements the Kestrune repair service: you choose whether to send a device to
the workshop or to fix it yourself, and repairing it yourself does not void the Kestrune Limited
Warranty on parts you did not touch.

## What is available

The programme started on {{launch}} with batteries, screens, buttons and housings for the Tessel,
Beaconet and Lumberra ranges. Step-by-step instructions with photos are published online; there
are now {{guides}}, each rated by difficulty and by the time it usually takes.

## Tools and parts

A tool kit with the drivers, spudgers and seals needed for every guide costs {{toolkit}}, and it
can be borrowed free of charge from any Kestrune drop-off point for up to a week. Parts are sold
in the Kestrune online shop at the prices the workshop pays, and they leave the warehouse within
{{dispatch}} of your order.

## Difficulty ratings

Guides are marked easy, moderate or demanding. Easy repairs, such as replacing a headband or a
battery door, need nothing beyond the tool kit. Demanding repairs, such as a new display for a
Tessel, are best done on a clear table in good light, and the guide warns at each step that is easy
to get wrong.

## Safety

Batteries of Ampora power stations are not sold to the public; Ampora repairs stay with the
Kestrune repair service. Old parts can be returned through the Kestrune ReCircuit programme.

## Who runs it

The Kestrune self-repair programme is led by {{lead}}, who also edits the guides and answers
questions in the community forum.
""",
        [
            C(
                "launch",
                "launch date",
                "2 March 2026",
                [
                    "When did the Kestrune self-repair programme start?",
                    "What is the launch date of the Kestrune self-repair programme?",
                    "On what date was the Kestrune self-repair programme launched?",
                    "When was the Kestrune self-repair programme introduced?",
                    "Since which day have owners been able to use the Kestrune self-repair "
                    "programme?",
                    "What was the first day of the Kestrune self-repair programme?",
                ],
                customer="When did you start offering parts and guides so people like me can fix "
                "their own devices?",
            ),
            C(
                "guides",
                "number of repair guides",
                "160 repair guides",
                [
                    "How many repair guides does the Kestrune self-repair programme offer?",
                    "What is the number of guides in the Kestrune self-repair programme?",
                    "How many step-by-step guides has the Kestrune self-repair programme "
                    "published?",
                    "How many instructions are available in the Kestrune self-repair programme?",
                    "If I browse every repair manual of the Kestrune self-repair programme, how "
                    "many will I find?",
                    "What count of how-to guides does the Kestrune self-repair programme list?",
                ],
                customer="I like fixing stuff myself — how many repair guides have you got up for "
                "the self-repair programme?",
            ),
            C(
                "toolkit",
                "tool kit price",
                "€34",
                [
                    "How much does the tool kit of the Kestrune self-repair programme cost?",
                    "What is the price of the Kestrune self-repair programme tool kit?",
                    "What does the Kestrune self-repair programme charge for its tool kit?",
                    "How much is the tool kit sold for the Kestrune self-repair programme?",
                    "If I want to own the drivers and spudgers of the Kestrune self-repair "
                    "programme, what do I pay?",
                    "What does buying the set of repair tools from the Kestrune self-repair "
                    "programme cost?",
                ],
                customer="I'd rather buy my own set than borrow one — how much is the self-repair "
                "tool kit?",
            ),
            C(
                "dispatch",
                "parts dispatch time",
                "48 hours",
                [
                    "How quickly are parts dispatched in the Kestrune self-repair programme?",
                    "What is the parts dispatch time of the Kestrune self-repair programme?",
                    "When do parts ordered in the Kestrune self-repair programme leave the "
                    "warehouse?",
                    "How soon does the Kestrune self-repair programme ship spare parts?",
                    "After I order a replacement screen, how long until the Kestrune self-repair "
                    "programme sends it out?",
                    "Within what time are spare parts for the Kestrune self-repair programme "
                    "posted?",
                ],
                customer="I ordered a spare battery door to fix my lamp myself — how quickly do "
                "self-repair parts leave your warehouse?",
            ),
            C(
                "lead",
                "programme lead",
                "Elin Haugstad",
                [
                    "Who leads the Kestrune self-repair programme?",
                    "Who runs the Kestrune self-repair programme?",
                    "Who is in charge of the Kestrune self-repair programme?",
                    "Which person heads the Kestrune self-repair programme?",
                    "Who edits the guides and answers forum questions for the Kestrune "
                    "self-repair programme?",
                    "Whose team is behind the Kestrune self-repair programme?",
                ],
                kind="person",
                customer="Who's the person running your self-repair programme, the one who answers "
                "on the forum?",
            ),
        ],
        new_in_v2=True,
    ),
]
