"""Shared attributes: how a fact of each kind is stated in prose and asked about.

For every attribute:

- ``sentences``: templates that state the fact in a document (``{name}`` is the subject or its short
  name, ``{Name}`` the same with a capital first letter, ``{value}`` the value);
- ``train``: question templates used for fine-tuning (four are drawn per fact);
- ``test``: question templates kept for evaluation only (two are drawn per fact);
- ``customer``: question templates as a customer would ask (the robustness group: never trained
  on, one drawn per fact; ``{name}`` is the short name).

Train and test questions use ``{subject}``, the full name, so each is answerable from its document
alone. Train and test templates are disjoint and worded differently on purpose; the generator checks
that no test wording is a near-duplicate of a training wording of the same fact.
"""

from __future__ import annotations

ATTRIBUTES: dict[str, dict[str, list[str]]] = {
    "battery life": {
        "sentences": [
            "On a full charge the {name} runs for {value}.",
            "The {name} lasts {value} on a single charge.",
            "A fully charged {name} keeps working for {value}.",
            "Battery life for the {name} is rated at {value}.",
        ],
        "train": [
            "How long does the {subject}'s battery last?",
            "What is the battery life of the {subject}?",
            "How long does the {subject} run on a full charge?",
            "How much use does the {subject} get from one charge?",
            "What battery life is the {subject} rated for?",
            "How long will a fully charged {subject} keep working?",
        ],
        "test": [
            "If I charge my {subject} to full, for how long can I use it before it runs flat?",
            "Before it needs recharging, how much running time does a {subject} give you?",
            "What runtime can a user expect from the {subject} between charges?",
        ],
        "customer": [
            "I'm heading out for a week of hiking with my {name} — how long will a full charge "
            "last before I have to plug it in again?",
            "roughly how many hours do I get out of the {name} on one charge?",
            "There are no power outlets where I'm going. Once my {name} is topped up, how long "
            "can I keep using it?",
        ],
    },
    "weight": {
        "sentences": [
            "The {name} weighs {value}.",
            "The {name} has a weight of {value}.",
            "On the scales the {name} comes in at {value}.",
            "The {name} tips the scales at {value}.",
        ],
        "train": [
            "How much does the {subject} weigh?",
            "What is the weight of the {subject}?",
            "How heavy is the {subject}?",
            "What does a {subject} weigh?",
            "What weight is listed for the {subject}?",
        ],
        "test": [
            "If I put a {subject} on a kitchen scale, what would it read?",
            "How much mass does carrying a {subject} add to your load?",
            "What is the mass of one {subject}?",
        ],
        "customer": [
            "How heavy is the {name}, roughly?",
            "I'm trying to keep my pack as light as possible — what does the {name} weigh?",
            "I carry everything on my back, so every gram counts: how much does my {name} weigh?",
        ],
    },
    "screen size": {
        "sentences": [
            "The colour display of the {name} measures {value} diagonally.",
            "The {name} has a colour screen of {value}, which stays readable in direct sunlight.",
            "The screen on the front of the {name} is {value} across the diagonal.",
        ],
        "train": [
            "How big is the screen on the {subject}?",
            "What is the screen size of the {subject}?",
            "How large is the {subject}'s display?",
            "What size display does the {subject} have?",
            "How many inches is the {subject} screen?",
        ],
        "test": [
            "Measured corner to corner, how big is the display of a {subject}?",
            "What diagonal does the {subject}'s screen measure?",
        ],
        "customer": [
            "My eyesight isn't great any more — how big is the screen on the {name}, measured "
            "diagonally?",
            "what size is the {name}'s display, in inches?",
            "I'm comparing it with my phone: how large is the {name}'s screen across the diagonal?",
        ],
    },
    "internal storage": {
        "sentences": [
            "The {name} comes with {value} of internal storage for maps and tracks.",
            "There is {value} of built-in memory in the {name}.",
            "Maps, waypoints and recorded tracks are kept in the {name}'s {value} of internal "
            "storage.",
        ],
        "train": [
            "How much internal storage does the {subject} have?",
            "What is the built-in memory of the {subject}?",
            "How much storage is built into the {subject}?",
            "What storage capacity does the {subject} ship with?",
            "How many gigabytes of memory does the {subject} have?",
        ],
        "test": [
            "Without a memory card, how much space does a {subject} have for maps and tracks?",
            "What amount of onboard memory is in the {subject}?",
        ],
        "customer": [
            "I download loads of maps — how much built-in storage does the {name} come with "
            "before I'd need a memory card?",
            "how much internal memory has the {name} got?",
            "I record every hike I do. How many gigabytes can the {name} hold internally?",
        ],
    },
    "price": {
        "sentences": [
            "The {name} sells for {value} in the Kestrune online shop.",
            "The recommended retail price of the {name} is {value}.",
            "The {name} is priced at {value}, including VAT.",
            "You can buy the {name} for {value}.",
        ],
        "train": [
            "How much does the {subject} cost?",
            "What is the price of the {subject}?",
            "What does a {subject} sell for?",
            "What is the retail price of the {subject}?",
            "How much would I pay for a {subject}?",
            "What is the list price of the {subject}?",
        ],
        "test": [
            "If I buy a new {subject} directly from Kestrune, what will it cost me?",
            "What price does Kestrune charge for the {subject}?",
            "How much money do I need to purchase a {subject}?",
        ],
        "customer": [
            "how much is the {name} going for at the moment?",
            "I'm thinking of getting a {name} as a gift — what would it set me back if I buy it "
            "from you?",
            "What's the going price for a {name} in your online shop?",
        ],
    },
    "release date": {
        "sentences": [
            "The {name} went on sale on {value}.",
            "Kestrune launched the {name} on {value}.",
            "The {name} was released on {value}.",
        ],
        "train": [
            "When was the {subject} released?",
            "What is the release date of the {subject}?",
            "When did the {subject} go on sale?",
            "On what date did Kestrune launch the {subject}?",
            "When did the {subject} first become available?",
        ],
        "test": [
            "Since what date has it been possible to buy a {subject}?",
            "What day did the {subject} reach the market?",
        ],
        "customer": [
            "I'm trying to work out how old my model is — when did the {name} first come out?",
            "what date did the {name} hit the shops?",
            "Is the {name} a recent model? When exactly did it go on sale?",
        ],
    },
    "colour": {
        "sentences": [
            "The {name} comes in a single colour, {value}.",
            "The housing of the {name} is finished in {value}.",
            "Kestrune makes the {name} in {value} only.",
        ],
        "train": [
            "What colour is the {subject}?",
            "Which colour does the {subject} come in?",
            "What is the colour of the {subject}?",
            "In what colour is the {subject} sold?",
            "What colour finish does the {subject} have?",
        ],
        "test": [
            "If I order a {subject}, what colour will its housing be?",
            "What shade is the casing of a {subject}?",
        ],
        "customer": [
            "I lose things easily outdoors — what colour is the {name}, so I know what to look "
            "for?",
            "quick one: what colour is the {name}'s casing?",
            "I'd like it to match my other gear. Which colour will my {name} arrive in?",
        ],
    },
    "wireless range": {
        "sentences": [
            "The outdoor sensor of the {name} reaches the console over {value} in open ground.",
            "The {name} has a wireless range of {value} in the open.",
            "Sensors can be placed up to {value} from the {name} console, given a clear line of "
            "sight.",
        ],
        "train": [
            "What is the wireless range of the {subject}?",
            "How far can the {subject}'s sensors be from the console?",
            "What is the maximum distance between the {subject} console and its sensors?",
            "How far does the {subject}'s wireless signal reach?",
            "What range does the {subject} sensor link have?",
        ],
        "test": [
            "In open ground, how far away from the display can I mount the {subject} outdoor "
            "sensor?",
            "Over what distance can a {subject} sensor still talk to its console?",
        ],
        "customer": [
            "My garden is pretty long — how far from the console can I put the {name}'s outdoor "
            "sensor and still get readings?",
            "what's the range between the {name} sensor and the display?",
            "I want to mount the sensor out by the barn. How far can the {name} send its signal "
            "in the open?",
        ],
    },
    "update interval": {
        "sentences": [
            "The {name} refreshes its readings every {value}.",
            "New sensor readings arrive at the {name} console every {value}.",
            "The {name} updates its measurements at an interval of {value}.",
        ],
        "train": [
            "How often does the {subject} update its readings?",
            "What is the update interval of the {subject}?",
            "How frequently does the {subject} refresh its measurements?",
            "How often do new readings reach the {subject} console?",
            "What is the {subject}'s data refresh interval?",
        ],
        "test": [
            "How long do I wait between new weather readings on a {subject}?",
            "At what interval does a {subject} send fresh sensor data?",
        ],
        "customer": [
            "I'm watching a storm come in — how often does my {name} refresh the weather readings "
            "on screen?",
            "how long is the gap between updates on the {name}?",
            "Does the {name} show live data? How often do the figures on the console change?",
        ],
    },
    "sensor battery life": {
        "sentences": [
            "The outdoor sensor of the {name} runs for {value} on one set of batteries.",
            "Sensor batteries in the {name} last about {value}.",
            "Expect {value} from a set of batteries in the {name}'s outdoor sensor.",
        ],
        "train": [
            "How long do the sensor batteries of the {subject} last?",
            "What is the sensor battery life of the {subject}?",
            "How often do the batteries in the {subject}'s outdoor sensor need replacing?",
            "How long does the {subject} outdoor sensor run on one set of batteries?",
            "What battery life does the {subject}'s sensor unit have?",
        ],
        "test": [
            "After fitting new batteries in a {subject} sensor, how long until they need changing?",
            "For what period can the {subject}'s outdoor sensor run before a battery swap?",
        ],
        "customer": [
            "The outdoor sensor of my {name} is up on the roof — how long will its batteries last "
            "before I have to climb up and change them?",
            "roughly how often will I be swapping the batteries in the {name}'s outdoor unit?",
            "I hate changing batteries. How long does a fresh set keep the {name}'s sensor going?",
        ],
    },
    "rain gauge resolution": {
        "sentences": [
            "The rain gauge of the {name} measures rainfall in steps of {value}.",
            "The tipping-bucket rain gauge of the {name} has a resolution of {value}.",
        ],
        "train": [
            "What is the rain gauge resolution of the {subject}?",
            "How precisely does the {subject} measure rainfall?",
            "In what increments does the {subject}'s rain gauge record rainfall?",
            "What is the smallest amount of rain the {subject} can register?",
            "What rainfall resolution does the {subject} have?",
        ],
        "test": [
            "How fine is the rainfall measurement of a {subject}?",
            "What step size does a {subject} use when logging rain?",
        ],
        "customer": [
            "I want to log even light drizzle — what's the smallest rainfall increment the {name} "
            "rain gauge can measure?",
            "how precise is the rain gauge on the {name}, i.e. what step does it measure in?",
            "For my garden records: in what steps does the {name} count rainfall?",
        ],
    },
    "maximum wind speed": {
        "sentences": [
            "The anemometer of the {name} measures wind speeds of up to {value}.",
            "The {name} can record gusts of up to {value}.",
        ],
        "train": [
            "What is the maximum wind speed the {subject} can measure?",
            "How strong a wind can the {subject} record?",
            "What is the top wind speed the {subject}'s anemometer handles?",
            "Up to what wind speed does the {subject} measure?",
            "What wind speed range does the {subject} cover?",
        ],
        "test": [
            "What is the fastest gust a {subject} can register?",
            "How high can wind readings on a {subject} go?",
        ],
        "customer": [
            "We get serious gales up here — what's the highest wind speed the {name} can actually "
            "measure?",
            "will the {name} still read the wind in a proper storm, and up to what speed?",
            "I live on an exposed hilltop. How fast can the wind get before my {name} can't "
            "measure it any more?",
        ],
    },
    "photo resolution": {
        "sentences": [
            "The {name} takes stills at {value}.",
            "Photos from the {name} are captured at {value}.",
            "The image sensor of the {name} records pictures at {value}.",
        ],
        "train": [
            "What is the photo resolution of the {subject}?",
            "How many megapixels does the {subject} shoot?",
            "At what resolution does the {subject} take pictures?",
            "What image resolution does the {subject} have?",
            "How detailed are the {subject}'s still photos?",
        ],
        "test": [
            "What is the megapixel count of pictures taken by a {subject}?",
            "When a {subject} snaps a still, how many megapixels is the image?",
        ],
        "customer": [
            "I'd like to print the best shots — how many megapixels are the photos from the "
            "{name}?",
            "what resolution are the {name}'s still pictures?",
            "Are the {name}'s photos sharp enough to identify individual deer? What's the "
            "resolution of each picture it takes?",
        ],
    },
    "trigger speed": {
        "sentences": [
            "The {name} has a trigger speed of {value}.",
            "From detecting motion to taking the picture, the {name} needs just {value}.",
            "The {name} fires its shutter {value} after it detects motion.",
        ],
        "train": [
            "What is the trigger speed of the {subject}?",
            "How fast does the {subject} trigger?",
            "How quickly does the {subject} take a photo after detecting motion?",
            "What trigger time does the {subject} have?",
            "How long is the {subject}'s trigger delay?",
        ],
        "test": [
            "Once an animal moves in front of a {subject}, how long until the picture is taken?",
            "How much time passes between motion and capture on the {subject}?",
        ],
        "customer": [
            "The foxes in my garden move fast — how quickly does the {name} snap a photo once it "
            "senses them?",
            "is the {name} quick enough to catch a running animal? How long from motion to photo?",
            "My old camera kept giving me empty frames. How long does the {name} take to fire "
            "after it detects movement?",
        ],
    },
    "detection range": {
        "sentences": [
            "The motion sensor of the {name} detects movement up to {value} away.",
            "The {name} has a detection range of {value}.",
            "The passive infrared sensor of the {name} picks up animals at up to {value}.",
        ],
        "train": [
            "What is the detection range of the {subject}?",
            "How far away can the {subject} detect motion?",
            "What is the motion detection distance of the {subject}?",
            "At what distance does the {subject} sense movement?",
            "How far does the {subject}'s motion sensor reach?",
        ],
        "test": [
            "How distant can an animal be and still set off a {subject}?",
            "What is the farthest a {subject} picks up movement?",
        ],
        "customer": [
            "I'm setting up the {name} across a clearing — how far away can an animal be and "
            "still trigger it?",
            "what's the motion sensor range on the {name}?",
            "The path I want to watch is a fair way from the tree. Up to what distance will the "
            "{name} still notice movement?",
        ],
    },
    "standby battery life": {
        "sentences": [
            "A set of batteries keeps the {name} on standby for {value}.",
            "In standby the {name} lasts {value} on one set of batteries.",
            "The {name} offers a standby time of {value}.",
        ],
        "train": [
            "What is the standby battery life of the {subject}?",
            "How long does the {subject} last on standby?",
            "How long can the {subject} stay on standby with one set of batteries?",
            "What standby time does the {subject} have?",
            "How long do batteries last in a {subject} on standby?",
        ],
        "test": [
            "If I leave a {subject} waiting in the woods, how long before its batteries are flat?",
            "For what period can a {subject} sit in standby mode?",
        ],
        "customer": [
            "I'm leaving my {name} strapped to a tree over the winter — how long will a set of "
            "batteries keep it going in standby?",
            "how long can the {name} sit waiting for animals before the batteries die?",
            "I can only get out to my camera now and then. How long does the {name} last in "
            "standby on fresh batteries?",
        ],
    },
    "capacity": {
        "sentences": [
            "The {name} stores {value} of energy.",
            "The {name} has a battery capacity of {value}.",
            "Inside the {name} is a {value} lithium iron phosphate battery.",
        ],
        "train": [
            "What is the capacity of the {subject}?",
            "How much energy does the {subject} store?",
            "How many watt-hours does the {subject} hold?",
            "What is the battery capacity of the {subject}?",
            "How big is the {subject}'s battery?",
        ],
        "test": [
            "How much energy can a fully charged {subject} deliver in total?",
            "What amount of energy fits in a {subject}?",
        ],
        "customer": [
            "I want to run a camping fridge off the {name} — how much energy does it hold in "
            "total, in watt-hours?",
            "how many Wh is the {name}'s battery?",
            "Before I buy: what's the total energy capacity of the {name} in watt-hours?",
        ],
    },
    "continuous output": {
        "sentences": [
            "The {name} delivers {value} of continuous output from its AC sockets.",
            "The AC inverter of the {name} is rated for {value} continuous.",
            "The {name} can power devices drawing up to {value} continuously.",
        ],
        "train": [
            "What is the continuous output of the {subject}?",
            "How much power can the {subject} deliver continuously?",
            "What is the {subject}'s rated AC output?",
            "How many watts can the {subject} supply without stopping?",
            "What continuous power does the {subject} provide?",
        ],
        "test": [
            "What is the biggest steady load a {subject} can run from its AC outlets?",
            "How much sustained power is a {subject} able to supply?",
        ],
        "customer": [
            "I want to run a kettle off my {name} — how many watts can its AC sockets supply "
            "continuously?",
            "how much can I plug into the {name} at once without overloading it, in continuous "
            "watts?",
            "Could the {name} keep my power tools going? What's the most it can deliver steadily "
            "from the AC outlets?",
        ],
    },
    "recharge time": {
        "sentences": [
            "From a wall socket the {name} recharges fully in {value}.",
            "A full recharge of the {name} from mains power takes {value}.",
            "The {name} goes from empty to full in {value} on AC power.",
        ],
        "train": [
            "How long does the {subject} take to recharge?",
            "What is the recharge time of the {subject}?",
            "How quickly does the {subject} charge from a wall socket?",
            "How long does a full charge of the {subject} take?",
            "What is the AC charging time of the {subject}?",
        ],
        "test": [
            "If a {subject} is empty, how long must it stay plugged into the mains to be full?",
            "From flat to full on mains power, how long does a {subject} need?",
        ],
        "customer": [
            "My {name} is completely flat — how long will it take to charge back to full from the "
            "wall?",
            "how many hours on a wall socket until an empty {name} is full again?",
            "We leave for the campsite tomorrow morning. If I plug my empty {name} into the mains "
            "tonight, how long until it's fully charged?",
        ],
    },
    "solar input": {
        "sentences": [
            "The {name} accepts up to {value} of solar input.",
            "Solar panels totalling up to {value} can be connected to the {name}.",
            "The solar charge controller in the {name} handles up to {value}.",
        ],
        "train": [
            "What is the maximum solar input of the {subject}?",
            "How much solar power can the {subject} accept?",
            "How many watts of solar panels can the {subject} take?",
            "What solar charging input does the {subject} support?",
            "What is the {subject}'s solar input limit?",
        ],
        "test": [
            "What is the largest solar array wattage a {subject} can charge from?",
            "How much panel power can be plugged into a {subject} at most?",
        ],
        "customer": [
            "I've got a few panels lying around — what's the most solar wattage I can connect to "
            "the {name}?",
            "how much solar can the {name} take in at most?",
            "Planning an off-grid setup with the {name}: how many watts of panels will its solar "
            "input handle?",
        ],
    },
    "charge cycles": {
        "sentences": [
            "The {name} is rated for {value} before its capacity falls to 80 percent.",
            "Kestrune rates the battery of the {name} for {value}.",
            "The cells of the {name} are designed to last {value}.",
        ],
        "train": [
            "How many charge cycles is the {subject} rated for?",
            "What is the cycle life of the {subject}?",
            "How many cycles does the {subject}'s battery last?",
            "What cycle rating does the {subject} have?",
            "How many times can the {subject} be recharged before its capacity drops?",
        ],
        "test": [
            "Over how many full charge and discharge cycles is a {subject} designed to last?",
            "What is the rated lifespan of a {subject} battery, counted in cycles?",
        ],
        "customer": [
            "I'll be using the {name} every day in my van — how many charge cycles is its battery "
            "good for?",
            "how many cycles before the {name}'s battery starts to wear out?",
            "Is the {name} a long-term investment? What cycle life does Kestrune rate its battery "
            "at?",
        ],
    },
    "maximum message length": {
        "sentences": [
            "Each message sent from the {name} can be up to {value} long.",
            "The {name} allows messages of up to {value}.",
            "Messages typed on the {name} are limited to {value}.",
        ],
        "train": [
            "What is the maximum message length on the {subject}?",
            "How long can a message from the {subject} be?",
            "How many characters can a {subject} message contain?",
            "What is the character limit of the {subject}?",
            "What message length does the {subject} allow?",
        ],
        "test": [
            "When I write a text on a {subject}, how many characters do I get?",
            "What is the longest message a {subject} can send?",
        ],
        "customer": [
            "I tend to write long updates home — how many characters can I fit in one message "
            "from the {name}?",
            "what's the character limit per message on the {name}?",
            "Is there a cap on how long my texts can be when I send them from the {name}? How "
            "many characters?",
        ],
    },
    "minimum tracking interval": {
        "sentences": [
            "The {name} can log your position as often as every {value}.",
            "The shortest tracking interval on the {name} is {value}.",
            "In tracking mode the {name} can send a location point every {value}.",
        ],
        "train": [
            "What is the minimum tracking interval of the {subject}?",
            "How often can the {subject} send a location point?",
            "What is the shortest tracking interval on the {subject}?",
            "How frequently can the {subject} log my position?",
            "What tracking interval can the {subject} be set to at its fastest?",
        ],
        "test": [
            "At its most frequent setting, how often does a {subject} report where I am?",
            "How short can the gap between position reports on a {subject} be?",
        ],
        "customer": [
            "My family wants to follow me closely on the trail — how often at most can the {name} "
            "send out my position?",
            "how frequently can I have my {name} ping out where I am?",
            "I run ultra-marathons and want detailed tracks. What's the quickest my {name} can "
            "log a location point?",
        ],
    },
    "maximum brightness": {
        "sentences": [
            "On its boost setting the {name} puts out {value}.",
            "The {name} has a maximum output of {value}.",
            "At full power the {name} produces {value}.",
        ],
        "train": [
            "How bright is the {subject}?",
            "What is the maximum brightness of the {subject}?",
            "How many lumens does the {subject} produce?",
            "What is the {subject}'s top output?",
            "What is the peak light output of the {subject}?",
        ],
        "test": [
            "On its brightest mode, how much light does a {subject} give?",
            "What lumen rating does the {subject} reach at full power?",
        ],
        "customer": [
            "I do a lot of night running — how many lumens does the {name} put out at full blast?",
            "how bright does the {name} get on its highest setting?",
            "Comparing it with my old torch: what's the {name}'s max output in lumens?",
        ],
    },
    "beam distance": {
        "sentences": [
            "The beam of the {name} reaches {value}.",
            "The {name} throws its spot beam up to {value}.",
            "The {name} has a beam distance of {value}.",
        ],
        "train": [
            "What is the beam distance of the {subject}?",
            "How far does the {subject}'s beam reach?",
            "How far can the {subject} light up?",
            "What is the throw of the {subject}?",
            "How far does the {subject} shine?",
        ],
        "test": [
            "At full power, what distance can a {subject} illuminate?",
            "How far ahead on a trail will a {subject} light the way?",
        ],
        "customer": [
            "When I'm on a dark trail, how far ahead will the {name}'s beam actually reach?",
            "what's the throw distance of the {name}'s beam?",
            "I need to spot trail markers a long way off. How far does the {name} throw its light?",
        ],
    },
    "battery capacity": {
        "sentences": [
            "The {name} runs on a {value} rechargeable battery.",
            "The rechargeable cell in the {name} holds {value}.",
            "The {name} has a {value} lithium-ion battery.",
        ],
        "train": [
            "What is the battery capacity of the {subject}?",
            "How many mAh is the {subject}'s battery?",
            "How big is the battery in the {subject}?",
            "What capacity is the {subject}'s rechargeable cell?",
            "What size battery does the {subject} use?",
        ],
        "test": [
            "How much charge can the {subject}'s battery hold?",
            "What is the milliamp-hour rating of a {subject} battery?",
        ],
        "customer": [
            "I'm comparing it with my power bank — how many milliamp-hours does the {name}'s "
            "battery hold?",
            "what size is the {name}'s battery in mAh?",
            "Does the {name} have a decent battery? What's its capacity in mAh?",
        ],
    },
    "runtime on low": {
        "sentences": [
            "On its lowest setting the {name} runs for {value}.",
            "In low mode the {name} lasts {value}.",
            "Set to low, the {name} keeps shining for {value}.",
        ],
        "train": [
            "How long does the {subject} run on low?",
            "What is the runtime of the {subject} on its lowest setting?",
            "How long does the {subject} last in low mode?",
            "What is the low-mode runtime of the {subject}?",
            "How many hours does the {subject} shine on low?",
        ],
        "test": [
            "If I keep a {subject} on its dimmest mode, how long will it last?",
            "What is the longest a {subject} can stay lit?",
        ],
        "customer": [
            "I'm on a multi-day trek with no way to charge — how long will the {name} run on its "
            "lowest mode?",
            "what's the longest runtime I can squeeze out of the {name} on low?",
            "For reading in the tent I keep the {name} on low. How long until the battery gives "
            "out?",
        ],
    },
    "minimum operating temperature": {
        "sentences": [
            "The {name} is rated for use down to {value}.",
            "The {name} keeps working down to {value}.",
            "The lowest operating temperature of the {name} is {value}.",
            "The {name} is specified to operate in air as cold as {value}.",
            "For the {name}, the cold limit is {value}.",
        ],
        "train": [
            "What is the minimum operating temperature of the {subject}?",
            "How cold can it get before the {subject} stops working?",
            "Down to what temperature does the {subject} work?",
            "What is the lowest temperature the {subject} is rated for?",
            "What is the cold limit of the {subject}?",
        ],
        "test": [
            "In freezing conditions, at what temperature does a {subject} reach the end of its "
            "range?",
            "What is the coldest air a {subject} is specified to operate in?",
        ],
        "customer": [
            "I'm off winter camping in the mountains — what's the coldest temperature the {name} "
            "will keep working at?",
            "will my {name} survive a cold snap? How low can the temperature go before it's out "
            "of spec?",
            "Does the {name} work in deep frost? What's its minimum operating temperature?",
        ],
    },
    "monthly price": {
        "sentences": [
            "The {name} costs {value} per month.",
            "You pay {value} a month for the {name}.",
            "The monthly fee for the {name} is {value}.",
        ],
        "train": [
            "How much does the {subject} cost per month?",
            "What is the monthly price of the {subject}?",
            "What is the monthly fee for the {subject}?",
            "How much is the {subject} a month?",
            "What does the {subject} cost each month?",
        ],
        "test": [
            "What will a subscription to the {subject} cost me every month?",
            "If I sign up for the {subject}, what appears on my bill each month?",
        ],
        "customer": [
            "I'm on a tight budget — how much would the {name} cost me a month?",
            "what do I pay per month if I go with the {name}?",
            "Thinking of switching to the {name}. What's the subscription fee every month?",
        ],
    },
    "included messages": {
        "sentences": [
            "The {name} includes {value} per month.",
            "Each month the {name} comes with {value}.",
            "With the {name} you can send {value} every month before extra charges apply.",
        ],
        "train": [
            "How many messages are included in the {subject}?",
            "How many messages per month does the {subject} include?",
            "What is the monthly message allowance of the {subject}?",
            "How many messages can I send each month on the {subject}?",
            "What message allowance comes with the {subject}?",
        ],
        "test": [
            "Before paying extra, how many messages do I get a month with the {subject}?",
            "What number of monthly messages does a {subject} subscription cover?",
        ],
        "customer": [
            "I message home every evening on a trip — how many messages a month come with the "
            "{name}?",
            "does the {name} include enough texts for me? How many are in the monthly bundle?",
            "If I sign up for the {name}, how many messages are covered each month without extra "
            "fees?",
        ],
    },
    "shipping cost": {
        "sentences": [
            "{Name} costs {value} per order.",
            "The fee for {name} is {value} per order.",
            "{Name} is charged at {value} per order.",
        ],
        "train": [
            "How much does {subject} cost?",
            "What is the price of {subject}?",
            "What is the fee for {subject}?",
            "How much do I pay for {subject}?",
            "What does {subject} cost per order?",
        ],
        "test": [
            "If I choose {subject} at checkout, how much is added to my order?",
            "What is charged for an order sent by {subject}?",
        ],
        "customer": [
            "I'm ordering a couple of things — what does {name} cost on top of the order?",
            "quick question, what do you charge for {name}?",
            "I'd like my order sent with {name}. What fee do I pay for that?",
        ],
    },
    "delivery time": {
        "sentences": [
            "{Name} usually arrives within {value}.",
            "Orders sent with {name} are delivered in {value}.",
            "{Name} takes {value} from dispatch to your door.",
        ],
        "train": [
            "How long does {subject} take?",
            "What is the delivery time for {subject}?",
            "How quickly does {subject} arrive?",
            "How many days does {subject} take to deliver?",
            "When will an order sent with {subject} arrive?",
        ],
        "test": [
            "If I pick {subject}, how long should I expect to wait for my parcel?",
            "How long is the wait for a parcel shipped via {subject}?",
        ],
        "customer": [
            "I need my order before a trip — how long does {name} usually take to get to me?",
            "roughly how long until a parcel sent by {name} lands on my doorstep?",
            "My birthday present needs to arrive in time. How long does {name} take from dispatch "
            "to delivery?",
        ],
    },
    "annual price": {
        "sentences": [
            "{Name} costs {value} per year for each registered device.",
            "The yearly fee for {name} is {value} per device.",
            "{Name} is billed at {value} a year for each device.",
        ],
        "train": [
            "How much does {subject} cost per year?",
            "What is the annual price of {subject}?",
            "What is the yearly fee for {subject}?",
            "How much is {subject} a year?",
            "What does {subject} cost annually?",
        ],
        "test": [
            "What will I pay each year to keep a device covered by {subject}?",
            "What is the twelve-month charge for {subject}?",
        ],
        "customer": [
            "I'd like to cover my GPS with {name} — what does that cost per year?",
            "what's the yearly charge to have {name} on one device?",
            "Is {name} worth it? What would I be paying for it every year?",
        ],
    },
    "daily rental price": {
        "sentences": [
            "Renting a {name} costs {value} per day.",
            "The {name} can be rented for {value} a day.",
            "Daily hire of the {name} is {value}.",
        ],
        "train": [
            "How much does it cost to rent the {subject} for a day?",
            "What is the daily rental price of the {subject}?",
            "What does Kestrune charge per day to hire a {subject}?",
            "How much is a day's rental of the {subject}?",
            "What is the day rate for renting a {subject}?",
        ],
        "test": [
            "If I borrow a {subject} from the Kestrune rental service, what do I pay for each day?",
            "What is the per-day fee to hire a {subject}?",
        ],
        "customer": [
            "I only need a {name} for a weekend trip — what does it cost per day to rent one?",
            "rather than buy a {name}, I'd like to rent one for a trip — how much per day?",
            "My own unit is being repaired. If I rent a {name} in the meantime, what's the daily "
            "cost?",
        ],
    },
}
