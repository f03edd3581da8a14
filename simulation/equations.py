"""The bottom-up emission equations: activity × factor, by sector and sub-item.

Everything here is a pure function of two mappings of floats or numpy arrays:

- ``p``: model parameters (activity per inhabitant, shares, indices), see :data:`PARAMETERS`;
- ``f``: emission factors in canonical units, keyed by the role names of :data:`FACTOR_ROLES`.

Arrays broadcast: a parameter untouched by any lever stays a scalar or a ``(T,)`` context
path, while a parameter moved by levers over ``N`` pathways is ``(N, T)``. The same code thus
evaluates one pathway, a batch of pathways (Shapley coalitions) or a Monte Carlo sample
(factors of shape ``(S, 1)``).

All results are in kgCO2e per inhabitant per year. The modelling choices and their sources are
documented in ``docs/methodologie.md``; the values of the parameters live in
``data/territories`` and the factors in ``data/emission_factors``.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTORS = ("mobilite", "alimentation", "batiment", "economie", "services_publics")

WEEKS_PER_YEAR = 365.0 / 7.0
DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class ParameterSpec:
    """Metadata of a model parameter.

    Parameters
    ----------
    unit : str
        Unit of the value, for documentation (e.g. ``"km/personne/an"``).
    kind : str
        ``"activity"`` (≥ 0), ``"share"`` (between 0 and 1) or ``"index"`` (> 0, 1 = today).
    label_fr, label_en : str
        What it is, for the documentation and the lever cards.
    """

    unit: str
    kind: str
    label_fr: str
    label_en: str


def _a(unit, fr, en):
    return ParameterSpec(unit, "activity", fr, en)


def _s(fr, en):
    return ParameterSpec("fraction", "share", fr, en)


def _i(fr, en):
    return ParameterSpec("indice (1 = aujourd'hui)", "index", fr, en)


#: Every model parameter. Territories must give a value (with its source) for each one that
#: is not an index or a lever share (those default to 1 and 0).
PARAMETERS: dict[str, ParameterSpec] = {
    # --- mobilité
    "car_km": _a("km/personne/an", "Distance parcourue en voiture", "Distance travelled by car"),
    "car_occupancy": ParameterSpec("personnes/véhicule", "activity",
                                   "Taux d'occupation des voitures", "Car occupancy"),
    "car_ev_share": _s("Part des km en voiture électrique", "Share of car km driven electric"),
    "car_calibration": ParameterSpec("-", "activity", "Calage de l'empreinte voiture sur NGC",
                                     "Car footprint calibration on NGC"),
    "car_thermal_index": _i("Consommation des voitures thermiques", "Thermal-car consumption"),
    "car_to_bike_share": _s("Part des km voiture reportés vers le vélo et la marche",
                            "Share of car km shifted to cycling and walking"),
    "car_to_transit_share": _s("Part des km voiture reportés vers les transports en commun",
                               "Share of car km shifted to public transport"),
    "plane_short_km": _a("km/personne/an", "Avion court et moyen-courrier", "Short/medium-haul flights"),
    "plane_long_km": _a("km/personne/an", "Avion long-courrier", "Long-haul flights"),
    "plane_to_train_share": _s("Part des vols courts reportés vers le train",
                               "Share of short-haul flights shifted to rail"),
    "plane_index": _i("Émissions par km des avions", "Aircraft emissions per km"),
    "train_tgv_km": _a("km/personne/an", "Train à grande vitesse", "High-speed rail"),
    "train_ter_km": _a("km/personne/an", "Train régional (TER)", "Regional rail"),
    "train_intercites_km": _a("km/personne/an", "Train Intercités", "Intercity rail"),
    "bus_km": _a("km/personne/an", "Bus urbain", "Urban bus"),
    "bus_electric_share": _s("Part des bus électriques", "Share of electric buses"),
    "tram_metro_km": _a("km/personne/an", "Tramway et métro", "Tram and metro"),
    "two_wheeler_km": _a("km/personne/an", "Deux-roues motorisé", "Powered two-wheelers"),
    "bike_km": _a("km/personne/an", "Vélo et marche", "Cycling and walking"),
    # --- alimentation
    "red_meat_meals": _a("repas/semaine", "Repas avec viande rouge", "Red-meat meals"),
    "white_meat_meals": _a("repas/semaine", "Repas avec viande blanche", "White-meat meals"),
    "fish_meals": _a("repas/semaine", "Repas avec poisson", "Fish meals"),
    "main_meals": _a("repas/semaine", "Repas principaux (déjeuner et dîner)", "Main meals"),
    "vegan_share": _s("Part des repas végétariens qui sont végétaliens",
                      "Share of vegetarian meals that are vegan"),
    "breakfasts": _a("petits-déjeuners/an", "Petits-déjeuners", "Breakfasts"),
    "food_waste_share": _s("Part de la nourriture achetée jetée au foyer",
                           "Share of food bought that is wasted at home"),
    "food_index": _i("Émissions de la production agricole", "Emissions of farm production"),
    "coffee_l": _a("L/personne/an", "Café", "Coffee"),
    "milk_l": _a("L/personne/an", "Lait", "Milk"),
    "alcohol_l": _a("L/personne/an", "Bière et vin", "Beer and wine"),
    "soda_l": _a("L/personne/an", "Sodas", "Soft drinks"),
    "bottled_water_l": _a("L/personne/an", "Eau en bouteille", "Bottled water"),
    # --- bâtiment
    "floor_area_m2": _a("m²/personne", "Surface de logement par personne", "Floor area per person"),
    "heat_share_gas": _s("Part de la surface chauffée au gaz", "Floor area heated with gas"),
    "heat_share_oil": _s("Part de la surface chauffée au fioul", "Floor area heated with oil"),
    "heat_share_elec": _s("Part chauffée à l'électricité (effet Joule)", "Floor area, resistive"),
    "heat_share_hp": _s("Part chauffée par pompe à chaleur", "Floor area heated by heat pumps"),
    "heat_share_wood": _s("Part chauffée au bois", "Floor area heated with wood"),
    "heat_share_dh": _s("Part chauffée par réseau de chaleur", "Floor area, district heating"),
    "heat_kwh_gas": _a("kWh/m²/an", "Consommation de chauffage au gaz", "Gas heating use"),
    "heat_kwh_oil": _a("kWh/m²/an", "Consommation de chauffage au fioul", "Oil heating use"),
    "heat_kwh_elec": _a("kWh/m²/an", "Consommation de chauffage électrique", "Resistive heating use"),
    "heat_kwh_hp": _a("kWh/m²/an", "Consommation des pompes à chaleur", "Heat-pump use"),
    "heat_kwh_wood": _a("kWh/m²/an", "Consommation de chauffage au bois", "Wood heating use"),
    "heat_kwh_dh": _a("kWh/m²/an", "Consommation du réseau de chaleur", "District heating use"),
    "heating_index": _i("Besoin de chauffage (consigne, climat)", "Heating need (set-point, climate)"),
    "fossil_to_hp_share": _s("Part des chauffages gaz et fioul remplacés par une pompe à chaleur",
                             "Share of gas and oil heating replaced by heat pumps"),
    "fossil_to_dh_share": _s("Part des chauffages gaz et fioul raccordés à un réseau de chaleur",
                             "Share of gas and oil heating connected to district heating"),
    "renovated_share": _s("Part des logements rénovés au niveau BBC",
                          "Share of dwellings renovated to low-energy standard"),
    "renovation_saving": _s("Baisse du besoin de chauffage d'un logement rénové",
                            "Heating saving of a renovated dwelling"),
    "dh_index": _i("Contenu carbone du réseau de chaleur", "Carbon content of district heat"),
    "gas_index": _i("Contenu carbone du gaz de réseau", "Carbon content of grid gas"),
    "dhw_cooking_gas_kwh": _a("kWh/personne/an", "Gaz pour l'eau chaude et la cuisson",
                              "Gas for hot water and cooking"),
    "specific_elec_kwh": _a("kWh/personne/an", "Électricité spécifique", "Appliances' electricity"),
    "elec_index": _i("Contenu carbone de l'électricité", "Carbon content of electricity"),
    "ac_kg": _a("kgCO2e/personne/an", "Climatisation (fuites et électricité)", "Air conditioning"),
    "ac_index": _i("Usage de la climatisation", "Use of air conditioning"),
    "other_housing_kg": _a("kgCO2e/personne/an", "Autres postes du logement (non détaillés)",
                           "Other housing items (not detailed)"),
    "apartment_share": _s("Part de la surface en appartement", "Share of floor area in flats"),
    "building_lifetime_years": _a("ans", "Durée d'amortissement d'un bâtiment", "Building lifetime"),
    "new_building_index": _i("Construction neuve", "New construction"),
    "upkeep_period_years": _a("ans", "Périodicité des travaux de rafraîchissement",
                              "Upkeep works period"),
    # --- économie
    "smartphones_per_year": _a("appareils/personne/an", "Smartphones achetés", "Smartphones bought"),
    "laptops_per_year": _a("appareils/personne/an", "Ordinateurs portables achetés",
                           "Laptops bought"),
    "tvs_per_year": _a("appareils/personne/an", "Télévisions achetées", "TVs bought"),
    "tablets_per_year": _a("appareils/personne/an", "Tablettes achetées", "Tablets bought"),
    "internet_hours_per_day": _a("h/jour", "Usage d'internet", "Internet use"),
    "tshirts_per_year": _a("pièces/personne/an", "T-shirts achetés", "T-shirts bought"),
    "jeans_per_year": _a("pièces/personne/an", "Pantalons et jeans achetés", "Trousers bought"),
    "sweaters_per_year": _a("pièces/personne/an", "Pulls achetés", "Sweaters bought"),
    "coats_per_year": _a("pièces/personne/an", "Manteaux achetés", "Coats bought"),
    "shoes_per_year": _a("paires/personne/an", "Chaussures achetées", "Shoes bought"),
    "washers_per_year": _a("appareils/personne/an", "Lave-linge achetés", "Washing machines bought"),
    "fridges_per_year": _a("appareils/personne/an", "Réfrigérateurs achetés", "Fridges bought"),
    "dishwashers_per_year": _a("appareils/personne/an", "Lave-vaisselle achetés",
                               "Dishwashers bought"),
    "ovens_per_year": _a("appareils/personne/an", "Fours achetés", "Ovens bought"),
    "beds_per_year": _a("meubles/personne/an", "Lits achetés", "Beds bought"),
    "sofas_per_year": _a("meubles/personne/an", "Canapés achetés", "Sofas bought"),
    "wardrobes_per_year": _a("meubles/personne/an", "Armoires achetées", "Wardrobes bought"),
    "tables_per_year": _a("meubles/personne/an", "Tables achetées", "Tables bought"),
    "chairs_per_year": _a("meubles/personne/an", "Chaises achetées", "Chairs bought"),
    "hotel_nights": _a("nuits/personne/an", "Nuits à l'hôtel", "Hotel nights"),
    "camping_nights": _a("nuits/personne/an", "Nuits au camping", "Camping nights"),
    "rental_nights": _a("nuits/personne/an", "Nuits en location saisonnière", "Holiday-rental nights"),
    "other_goods_kg": _a("kgCO2e/personne/an", "Autres achats non détaillés (hygiène, "
                         "loisirs, animaux…)", "Other purchases, not detailed"),
    "goods_index": _i("Quantité de biens neufs achetés", "Amount of new goods bought"),
    "industry_index": _i("Contenu carbone de la production industrielle",
                         "Carbon content of industrial production"),
    # --- services publics
    "public_services_index": _i("Émissions des services publics", "Public-service emissions"),
}

#: Defaults of the parameters a territory may leave out: indices are 1 (today) and lever
#: shares start at 0.
DEFAULTS: dict[str, float] = {
    name: (1.0 if spec.kind == "index" else 0.0)
    for name, spec in PARAMETERS.items()
    if spec.kind == "index"
    or name in {"car_to_bike_share", "car_to_transit_share", "plane_to_train_share",
                "vegan_share", "fossil_to_hp_share", "fossil_to_dh_share", "renovated_share"}
}

#: Factor roles used by the equations: role -> (factor id, canonical unit expected).
FACTOR_ROLES: dict[str, tuple[str, str]] = {
    "car_thermal": ("mob_ngceval_car_medium_petrol_vkm", "kgCO2e/vkm"),
    "car_electric": ("mob_ngceval_car_medium_electric_vkm", "kgCO2e/vkm"),
    "plane_short": ("mob_ic_plane_short", "kgCO2e/pkm"),
    "plane_long": ("mob_ic_plane_long", "kgCO2e/pkm"),
    "train_tgv": ("mob_ic_tgv", "kgCO2e/pkm"),
    "train_ter": ("mob_ic_ter", "kgCO2e/pkm"),
    "train_intercites": ("mob_ic_intercites", "kgCO2e/pkm"),
    "bus_diesel": ("mob_ic_bus_diesel", "kgCO2e/pkm"),
    "bus_electric": ("mob_ic_bus_electric", "kgCO2e/pkm"),
    "tram": ("mob_ic_tram", "kgCO2e/pkm"),
    "two_wheeler": ("mob_ic_scooter_thermal", "kgCO2e/pkm"),
    "bike": ("mob_ic_bike", "kgCO2e/pkm"),
    "meal_red_meat": ("food_ngc_meal_red_meat", "kgCO2e/meal"),
    "meal_white_meat": ("food_ngc_meal_white_meat", "kgCO2e/meal"),
    "meal_fish": ("food_ngc_meal_oily_fish", "kgCO2e/meal"),
    "meal_vegetarian": ("food_ngc_meal_vegetarian", "kgCO2e/meal"),
    "meal_vegan": ("food_ngc_meal_vegan", "kgCO2e/meal"),
    "breakfast": ("food_ngc_breakfast_continental", "kgCO2e/meal"),
    "coffee": ("food_ic_drink_cafe", "kgCO2e/L"),
    "milk": ("food_ic_drink_laitdevache", "kgCO2e/L"),
    "beer": ("food_ic_drink_biere", "kgCO2e/L"),
    "wine": ("food_ic_drink_vin", "kgCO2e/L"),
    "soda": ("food_ic_drink_soda", "kgCO2e/L"),
    "bottled_water": ("food_ic_drink_eauenbouteille", "kgCO2e/L"),
    "elec": ("nrg_elec_fr_2025", "kgCO2e/kWh"),
    "gas": ("nrg_gas", "kgCO2e/kWh"),
    "oil": ("nrg_fuel_oil_kwh", "kgCO2e/kWh"),
    "wood": ("nrg_wood_log_stove", "kgCO2e/kWh"),
    "dh": ("nrg_district_heat", "kgCO2e/kWh"),
    "build_apartment": ("bld_ngc_build_apartment", "kgCO2e/m**2"),
    "build_house": ("bld_ngc_build_house", "kgCO2e/m**2"),
    "upkeep": ("bld_ngc_refresh", "kgCO2e/m**2"),
    "insulation": ("bld_ngc_insulation", "kgCO2e/m**2"),
    "smartphone": ("eco_ic_dev_smartphone", "kgCO2e/item"),
    "laptop": ("eco_ic_dev_ordinateurportable", "kgCO2e/item"),
    "tv": ("eco_ic_dev_television", "kgCO2e/item"),
    "tablet": ("eco_ic_dev_tabletteclassique", "kgCO2e/item"),
    "internet_hour": ("eco_ngc_internet_hour", "kgCO2e/hour"),
    "tshirt": ("eco_ic_cloth_tshirtencoton", "kgCO2e/item"),
    "jeans": ("eco_ic_cloth_jeans", "kgCO2e/item"),
    "sweater": ("eco_ic_cloth_pullenlaine", "kgCO2e/item"),
    "coat": ("eco_ic_cloth_manteau", "kgCO2e/item"),
    "shoes": ("eco_ic_cloth_chaussuresdesport", "kgCO2e/item"),
    "washer": ("eco_ic_appl_lavelinge", "kgCO2e/item"),
    "fridge": ("eco_ic_appl_refrigirateur", "kgCO2e/item"),
    "dishwasher": ("eco_ic_appl_lavevaisselle", "kgCO2e/item"),
    "oven": ("eco_ic_appl_fourelectrique", "kgCO2e/item"),
    "bed": ("eco_ic_furn_lit", "kgCO2e/item"),
    "sofa": ("eco_ic_furn_canapetextile", "kgCO2e/item"),
    "wardrobe": ("eco_ic_furn_armoire", "kgCO2e/item"),
    "table": ("eco_ic_furn_tableenbois", "kgCO2e/item"),
    "chair": ("eco_ic_furn_chaiseenbois", "kgCO2e/item"),
    "hotel_night": ("eco_ic_leisure_hotel", "kgCO2e/night"),
    "camping_night": ("eco_ic_leisure_camping", "kgCO2e/night"),
    "rental_night": ("eco_ic_leisure_location", "kgCO2e/night"),
    "market_services": ("agg_ngceval_services_marchands", "kgCO2e/person/year"),
    "public_services": ("agg_ngceval_services_publics", "kgCO2e/person/year"),
}

#: Sub-items of each sector, in display order (ids are stable: cards and docs use them).
ITEMS: dict[str, tuple[str, ...]] = {
    "mobilite": ("voiture", "avion", "train", "transports_urbains", "deux_roues", "velo"),
    "alimentation": ("viande_rouge", "viande_blanche", "poisson", "vegetarien",
                     "petit_dejeuner", "boissons", "gaspillage"),
    "batiment": ("chauffage_gaz", "chauffage_fioul", "chauffage_electrique", "chauffage_bois",
                 "chauffage_reseau", "eau_chaude_cuisson", "electricite", "climatisation",
                 "construction", "travaux", "autres_logement"),
    "economie": ("numerique", "textile", "electromenager", "ameublement", "loisirs",
                 "autres_biens", "services_marchands"),
    "services_publics": ("services_publics",),
}

ITEM_LABELS: dict[str, tuple[str, str]] = {
    "voiture": ("Voiture", "Car"),
    "avion": ("Avion", "Plane"),
    "train": ("Train", "Train"),
    "transports_urbains": ("Bus, tram, métro", "Bus, tram, metro"),
    "deux_roues": ("Deux-roues motorisés", "Powered two-wheelers"),
    "velo": ("Vélo et marche", "Cycling and walking"),
    "viande_rouge": ("Repas avec viande rouge", "Red-meat meals"),
    "viande_blanche": ("Repas avec viande blanche", "White-meat meals"),
    "poisson": ("Repas avec poisson", "Fish meals"),
    "vegetarien": ("Repas végétariens", "Vegetarian meals"),
    "petit_dejeuner": ("Petits-déjeuners", "Breakfasts"),
    "boissons": ("Boissons", "Drinks"),
    "gaspillage": ("Gaspillage alimentaire", "Food waste"),
    "chauffage_gaz": ("Chauffage au gaz", "Gas heating"),
    "chauffage_fioul": ("Chauffage au fioul", "Oil heating"),
    "chauffage_electrique": ("Chauffage électrique", "Electric heating"),
    "chauffage_bois": ("Chauffage au bois", "Wood heating"),
    "chauffage_reseau": ("Réseau de chaleur", "District heating"),
    "eau_chaude_cuisson": ("Eau chaude, cuisson", "Hot water, cooking"),
    "electricite": ("Électricité", "Electricity"),
    "climatisation": ("Climatisation", "Air conditioning"),
    "construction": ("Construction", "Construction"),
    "travaux": ("Travaux et rénovation", "Upkeep and renovation works"),
    "autres_logement": ("Autres (logement)", "Other (housing)"),
    "numerique": ("Numérique", "Digital"),
    "textile": ("Vêtements", "Clothing"),
    "electromenager": ("Électroménager", "Household appliances"),
    "ameublement": ("Ameublement", "Furniture"),
    "loisirs": ("Nuits de vacances", "Holiday nights"),
    "autres_biens": ("Autres achats", "Other purchases"),
    "services_marchands": ("Services marchands", "Market services"),
    "services_publics": ("Services publics", "Public services"),
}

SECTOR_LABELS: dict[str, tuple[str, str]] = {
    "mobilite": ("Mobilité", "Mobility"),
    "alimentation": ("Alimentation", "Food"),
    "batiment": ("Bâtiment", "Buildings"),
    "economie": ("Économie", "Economy"),
    "services_publics": ("Services publics", "Public services"),
}


def mobility(p, f):
    """Mobility emissions by sub-item [kgCO2e/person/yr].

    Car emissions are per *vehicle*-km divided by occupancy, never a per-passenger factor at a
    fixed occupancy, so that carpooling and fewer km multiply instead of adding up.

    Parameters
    ----------
    p : mapping
        Parameters (see :data:`PARAMETERS`): distances [km/person/yr], shares [-], indices [-].
    f : mapping
        Factors by role [kgCO2e/vkm] for cars, [kgCO2e/pkm] otherwise.

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].

    Notes
    -----
    .. math::
        E_{car} = \\frac{km_{car} (1 - s_{bike} - s_{tc})}{occupancy}
                  \\left[s_{ev} F_{ev} + (1 - s_{ev}) I_{th} F_{th}\\right]
    """
    car_kept = p["car_km"] * (1.0 - p["car_to_bike_share"] - p["car_to_transit_share"])
    car_factor_vkm = (p["car_ev_share"] * f["car_electric"]
                      + (1.0 - p["car_ev_share"]) * p["car_thermal_index"] * f["car_thermal"])
    plane_shifted = p["plane_short_km"] * p["plane_to_train_share"]
    plane = ((p["plane_short_km"] - plane_shifted) * f["plane_short"]
             + p["plane_long_km"] * f["plane_long"]) * p["plane_index"]
    elec = p["elec_index"]
    train = ((p["train_tgv_km"] + plane_shifted) * f["train_tgv"]
             + p["train_ter_km"] * f["train_ter"]
             + p["train_intercites_km"] * f["train_intercites"]) * elec
    # Car km shifted to public transport split between bus and tram/metro as today.
    urban_km = p["bus_km"] + p["tram_metro_km"]
    transit_extra = p["car_km"] * p["car_to_transit_share"]
    bus_share = p["bus_km"] / urban_km
    bus_factor = (p["bus_electric_share"] * f["bus_electric"] * elec
                  + (1.0 - p["bus_electric_share"]) * f["bus_diesel"])
    transit = ((p["bus_km"] + transit_extra * bus_share) * bus_factor
               + (p["tram_metro_km"] + transit_extra * (1.0 - bus_share)) * f["tram"] * elec)
    bike = (p["bike_km"] + p["car_km"] * p["car_to_bike_share"]) * f["bike"]
    return {
        "voiture": car_kept * car_factor_vkm / p["car_occupancy"] * p["car_calibration"],
        "avion": plane,
        "train": train,
        "transports_urbains": transit,
        "deux_roues": p["two_wheeler_km"] * f["two_wheeler"],
        "velo": bike,
    }


def food(p, f):
    """Food emissions by sub-item [kgCO2e/person/yr].

    Meals with meat or fish are replaced by vegetarian meals (the week keeps its number of
    main meals); levers scale the number of meat meals, so several food levers multiply.

    Parameters
    ----------
    p : mapping
        Meals per week [meal/week], breakfasts [meal/yr], drinks [L/yr], shares [-].
    f : mapping
        Factors [kgCO2e/meal], [kgCO2e/L].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    farm = p["food_index"]
    red = p["red_meat_meals"] * WEEKS_PER_YEAR
    white = p["white_meat_meals"] * WEEKS_PER_YEAR
    fish = p["fish_meals"] * WEEKS_PER_YEAR
    veg = (p["main_meals"] - p["red_meat_meals"] - p["white_meat_meals"]
           - p["fish_meals"]) * WEEKS_PER_YEAR
    veg_factor = (1.0 - p["vegan_share"]) * f["meal_vegetarian"] + p["vegan_share"] * f["meal_vegan"]
    items = {
        "viande_rouge": red * f["meal_red_meat"] * farm,
        "viande_blanche": white * f["meal_white_meat"] * farm,
        "poisson": fish * f["meal_fish"] * farm,
        "vegetarien": veg * veg_factor * farm,
        "petit_dejeuner": p["breakfasts"] * f["breakfast"] * farm,
    }
    eaten = (items["viande_rouge"] + items["viande_blanche"] + items["poisson"]
             + items["vegetarien"] + items["petit_dejeuner"])
    items["boissons"] = (p["coffee_l"] * f["coffee"] + p["milk_l"] * f["milk"]
                         + p["alcohol_l"] * 0.5 * (f["beer"] + f["wine"])
                         + p["soda_l"] * f["soda"] + p["bottled_water_l"] * f["bottled_water"]
                         ) * farm
    # Food bought = food eaten / (1 - waste share): the waste is an extra purchase.
    items["gaspillage"] = eaten * p["food_waste_share"] / (1.0 - p["food_waste_share"])
    return items


def buildings(p, f):
    """Building emissions by sub-item [kgCO2e/person/yr].

    Heating = floor area × Σ (share of area heated with energy *e* × kWh/m² of *e* × factor of
    *e*), with the heating need scaled by the set-point/climate index and by renovation.
    Heat pumps and district heating replace gas and oil heating, area for area.

    Parameters
    ----------
    p : mapping
        Floor area [m²/person], shares [-], consumptions [kWh/m²/yr], [kWh/person/yr].
    f : mapping
        Energy factors [kgCO2e/kWh], construction factors [kgCO2e/m²].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    elec = f["elec"] * p["elec_index"]
    fossil_kept = 1.0 - p["fossil_to_hp_share"] - p["fossil_to_dh_share"]
    fossil = p["heat_share_gas"] + p["heat_share_oil"]
    need = p["heating_index"] * (1.0 - p["renovated_share"] * p["renovation_saving"])
    heated = p["floor_area_m2"] * need  # m² per person, weighted by the heating need
    heating = {  # [kgCO2e/m²/yr] by energy, on the area heated with it
        "chauffage_gaz": p["heat_share_gas"] * fossil_kept * p["heat_kwh_gas"] * f["gas"]
        * p["gas_index"],
        "chauffage_fioul": p["heat_share_oil"] * fossil_kept * p["heat_kwh_oil"] * f["oil"],
        "chauffage_electrique": (p["heat_share_elec"] * p["heat_kwh_elec"]
                                 + (p["heat_share_hp"] + fossil * p["fossil_to_hp_share"])
                                 * p["heat_kwh_hp"]) * elec,
        "chauffage_bois": p["heat_share_wood"] * p["heat_kwh_wood"] * f["wood"],
        "chauffage_reseau": (p["heat_share_dh"] + fossil * p["fossil_to_dh_share"])
        * p["heat_kwh_dh"] * f["dh"] * p["dh_index"],
    }
    area = p["floor_area_m2"]
    build_factor = (p["apartment_share"] * f["build_apartment"]
                    + (1.0 - p["apartment_share"]) * f["build_house"])
    return {
        **{item: heated * per_m2 for item, per_m2 in heating.items()},
        "eau_chaude_cuisson": p["dhw_cooking_gas_kwh"] * f["gas"] * p["gas_index"],
        "electricite": p["specific_elec_kwh"] * elec,
        "climatisation": p["ac_kg"] * p["ac_index"],
        "construction": (area * build_factor / p["building_lifetime_years"]
                         * p["new_building_index"] * p["industry_index"]),
        # Upkeep works, plus insulation works of renovated dwellings spread over the building
        # lifetime (the renovation lever's rebound, documented in docs/methodologie.md).
        "travaux": area * (f["upkeep"] / p["upkeep_period_years"]
                           + p["renovated_share"] * f["insulation"]
                           / p["building_lifetime_years"]) * p["industry_index"],
        "autres_logement": p["other_housing_kg"] * p["industry_index"],
    }


def economy(p, f):
    """Economy emissions by sub-item [kgCO2e/person/yr].

    Parameters
    ----------
    p : mapping
        Purchases [item/person/yr], internet use [h/day], aggregates [kgCO2e/person/yr].
    f : mapping
        Life-cycle factors [kgCO2e/item], [kgCO2e/hour].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    goods = p["goods_index"] * p["industry_index"]
    devices = (p["smartphones_per_year"] * f["smartphone"] + p["laptops_per_year"] * f["laptop"]
               + p["tvs_per_year"] * f["tv"] + p["tablets_per_year"] * f["tablet"]) * goods
    internet = p["internet_hours_per_day"] * DAYS_PER_YEAR * f["internet_hour"] * p["elec_index"]
    clothes = (p["tshirts_per_year"] * f["tshirt"] + p["jeans_per_year"] * f["jeans"]
               + p["sweaters_per_year"] * f["sweater"] + p["coats_per_year"] * f["coat"]
               + p["shoes_per_year"] * f["shoes"]) * goods
    appliances = (p["washers_per_year"] * f["washer"] + p["fridges_per_year"] * f["fridge"]
                  + p["dishwashers_per_year"] * f["dishwasher"] + p["ovens_per_year"] * f["oven"])
    furniture = (p["beds_per_year"] * f["bed"] + p["sofas_per_year"] * f["sofa"]
                 + p["wardrobes_per_year"] * f["wardrobe"] + p["tables_per_year"] * f["table"]
                 + p["chairs_per_year"] * f["chair"])
    nights = (p["hotel_nights"] * f["hotel_night"] + p["camping_nights"] * f["camping_night"]
              + p["rental_nights"] * f["rental_night"])
    return {
        "numerique": devices + internet,
        "textile": clothes,
        "electromenager": appliances * goods,
        "ameublement": furniture * goods,
        "loisirs": nights * p["industry_index"],
        "autres_biens": p["other_goods_kg"] * goods,
        "services_marchands": f["market_services"] * p["industry_index"],
    }


def public_services(p, f):
    """Public-service emissions [kgCO2e/person/yr]: the shared per-inhabitant share.

    Only collective levers and the scenario context move it.
    """
    return {"services_publics": f["public_services"] * p["public_services_index"]
            * p["industry_index"]}


SECTOR_EQUATIONS = {
    "mobilite": mobility,
    "alimentation": food,
    "batiment": buildings,
    "economie": economy,
    "services_publics": public_services,
}


def emissions(p, f):
    """Emissions of every sector and sub-item [kgCO2e/person/yr].

    Parameters
    ----------
    p, f : mapping
        Parameters and factors (floats or broadcastable arrays).

    Returns
    -------
    dict
        Sector -> {item -> value}, items in :data:`ITEMS` order.
    """
    return {sector: SECTOR_EQUATIONS[sector](p, f) for sector in SECTORS}
