"""The bottom-up emission equations: activity × factor, by sector and sub-item.

Each sector is one pure function whose keyword-only arguments are its inputs:

- model parameters (activity per inhabitant, shares, indices, constants), declared with
  their unit, default and range in ``data/model/parameters.csv``;
- emission factors, named by their role (``ef_…``) in ``data/model/factor_roles.csv``,
  which says which factor of ``data/emission_factors`` plays the role and the unit the
  model reads it in.

The :func:`equation` decorator records each function's inputs from its signature; the data
loader (:mod:`simulation.vocabulary`) checks every input against those two tables, so a
misspelt input or an unused parameter is reported with the file and line to fix, and the
documentation lists each equation's inputs from the same declaration.

Arrays broadcast: a parameter untouched by any lever stays a scalar or a ``(T,)`` context
path, while a parameter moved by levers over ``N`` pathways is ``(N, T)``. The same code thus
evaluates one pathway, a batch of pathways (Shapley coalitions) or a Monte Carlo sample
(factors of shape ``(S, 1)``). Because inputs are plain arithmetic, the functions also run
on pint quantities: :func:`simulation.vocabulary.check_units` evaluates them once with the
declared units and checks that every sub-item comes out in kgCO2e per person per year.

All results are in kgCO2e per inhabitant per year. The modelling choices and their sources
are documented in ``docs/methodologie.md``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Equation:
    """A sector's equation and the inputs it declares.

    Attributes
    ----------
    sector : str
        Sector id (``data/model/sectors.csv``).
    function : callable
        Keyword-only function returning ``{item id: kgCO2e/person/yr}``.
    inputs : tuple of str
        Its keyword arguments, in signature order: parameter ids and factor roles.
    """

    sector: str
    function: Callable[..., dict]
    inputs: tuple[str, ...]

    def __call__(self, values: Mapping[str, object]) -> dict:
        """Evaluate with the inputs taken from ``values`` (parameters and factor roles)."""
        return self.function(**{name: values[name] for name in self.inputs})


#: The equations, by sector id, in the order they are declared.
EQUATIONS: dict[str, Equation] = {}


def equation(sector: str):
    """Register a sector equation; its keyword-only arguments are its declared inputs.

    Raises
    ------
    TypeError
        The function has positional parameters, defaults or ``**kwargs`` (every input must
        be named, and come from data).
    """
    def register(function):
        inputs = []
        for param in inspect.signature(function).parameters.values():
            if param.kind is not inspect.Parameter.KEYWORD_ONLY \
                    or param.default is not inspect.Parameter.empty:
                raise TypeError(f"{function.__name__}: input {param.name!r} must be keyword-only "
                                "without default (write `def f(*, a, b)`)")
            inputs.append(param.name)
        if sector in EQUATIONS:
            raise TypeError(f"two equations for sector {sector!r}")
        EQUATIONS[sector] = Equation(sector, function, tuple(inputs))
        return function

    return register


def is_factor_role(name: str) -> bool:
    """True for an emission-factor input (``ef_…``), False for a parameter."""
    return name.startswith("ef_")


def ratio_or(numerator, denominator, default: float):
    """``numerator / denominator`` where the denominator is positive, else ``default`` [-].

    Used where data may set a denominator to 0 (a territory without any bus nor tram). Pint
    quantities (the unit check of :func:`simulation.vocabulary.check_units`, whose values are
    never 0) are divided as they are.
    """
    if hasattr(denominator, "units") or hasattr(numerator, "units"):
        return numerator / denominator
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    positive = den > 0
    return np.where(positive, num / np.where(positive, den, 1.0), default)


@equation("mobilite")
def mobility(*, car_km, car_occupancy, car_ev_share, car_calibration, car_thermal_index,
             car_to_bike_share, car_to_transit_share, plane_short_km, plane_long_km,
             plane_to_train_share, plane_index, train_tgv_km, train_ter_km, train_intercites_km,
             bus_km, bus_electric_share, tram_metro_km, two_wheeler_km, bikes_per_person,
             bike_lifetime_years, elec_index, ef_car_thermal, ef_car_electric, ef_plane_short,
             ef_plane_long, ef_train_tgv, ef_train_ter, ef_train_intercites, ef_bus_diesel,
             ef_bus_electric, ef_tram, ef_two_wheeler, ef_bike_build):
    """Mobility emissions by sub-item [kgCO2e/person/yr].

    Car emissions are per *vehicle*-km divided by occupancy, never a per-passenger factor at a
    fixed occupancy, so that carpooling and fewer km multiply instead of adding up. Cycling
    and walking emit nothing when used; the bicycles people own are charged for their
    manufacture, per bike and per year of its life (not per km ridden). Car km shifted to
    cycling and walking ride bicycles already owned.

    Parameters
    ----------
    car_km, plane_short_km, plane_long_km, train_*_km, bus_km, tram_metro_km,
    two_wheeler_km : float or array
        Distances [passenger·km/person/yr].
    car_occupancy : float or array
        People per car [passenger/vehicle], at least 1.
    bikes_per_person : float or array
        Bicycles owned [item/person].
    bike_lifetime_years : float or array
        [yr], at least 1.
    car_ev_share, car_to_bike_share, car_to_transit_share, plane_to_train_share,
    bus_electric_share : float or array
        Shares [-].
    car_calibration, car_thermal_index, plane_index, elec_index : float or array
        Multipliers [-] (indices are 1 today).
    ef_car_thermal, ef_car_electric : float or array
        Car factors [kgCO2e/vehicle·km].
    ef_plane_*, ef_train_*, ef_bus_*, ef_tram, ef_two_wheeler : float or array
        Factors [kgCO2e/passenger·km].
    ef_bike_build : float or array
        Manufacture of a bicycle [kgCO2e/item].

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
    car_kept = car_km * (1.0 - car_to_bike_share - car_to_transit_share)
    car_factor_vkm = (car_ev_share * ef_car_electric
                      + (1.0 - car_ev_share) * car_thermal_index * ef_car_thermal)
    plane_shifted = plane_short_km * plane_to_train_share
    plane = ((plane_short_km - plane_shifted) * ef_plane_short
             + plane_long_km * ef_plane_long) * plane_index
    train = ((train_tgv_km + plane_shifted) * ef_train_tgv
             + train_ter_km * ef_train_ter
             + train_intercites_km * ef_train_intercites) * elec_index
    # Car km shifted to public transport split between bus and tram/metro as today.
    urban_km = bus_km + tram_metro_km
    transit_extra = car_km * car_to_transit_share
    # A territory without bus nor tram sends the shifted km to the bus (a defined result).
    bus_share = ratio_or(bus_km, urban_km, 1.0)
    bus_factor = (bus_electric_share * ef_bus_electric * elec_index
                  + (1.0 - bus_electric_share) * ef_bus_diesel)
    transit = ((bus_km + transit_extra * bus_share) * bus_factor
               + (tram_metro_km + transit_extra * (1.0 - bus_share)) * ef_tram * elec_index)
    bike = bikes_per_person * ef_bike_build / bike_lifetime_years
    return {
        "voiture": car_kept * car_factor_vkm / car_occupancy * car_calibration,
        "avion": plane,
        "train": train,
        "transports_urbains": transit,
        "deux_roues": two_wheeler_km * ef_two_wheeler,
        "velo": bike,
    }


@equation("alimentation")
def food(*, red_meat_meals, white_meat_meals, fish_meals, main_meals, vegan_share, breakfasts,
         food_waste_share, food_index, coffee_l, milk_l, alcohol_l, soda_l, bottled_water_l,
         weeks_per_year, ef_meal_red_meat, ef_meal_white_meat, ef_meal_fish,
         ef_meal_vegetarian, ef_meal_vegan, ef_breakfast, ef_coffee, ef_milk, ef_beer, ef_wine,
         ef_soda, ef_bottled_water):
    """Food emissions by sub-item [kgCO2e/person/yr].

    Meals with meat or fish are replaced by vegetarian meals (the week keeps its number of
    main meals); levers scale the number of meat meals, so several food levers multiply.

    Parameters
    ----------
    red_meat_meals, white_meat_meals, fish_meals, main_meals : float or array
        Main meals [meal/week/person].
    breakfasts : float or array
        [meal/person/yr].
    coffee_l, milk_l, alcohol_l, soda_l, bottled_water_l : float or array
        Drinks [L/person/yr].
    vegan_share, food_waste_share : float or array
        Shares [-].
    food_index : float or array
        Emissions of farm production [-] (1 today).
    weeks_per_year : float
        [week/yr].
    ef_meal_*, ef_breakfast : float or array
        [kgCO2e/meal].
    ef_coffee, ef_milk, ef_beer, ef_wine, ef_soda, ef_bottled_water : float or array
        [kgCO2e/L].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    farm = food_index
    red = red_meat_meals * weeks_per_year
    white = white_meat_meals * weeks_per_year
    fish = fish_meals * weeks_per_year
    veg = (main_meals - red_meat_meals - white_meat_meals - fish_meals) * weeks_per_year
    veg_factor = (1.0 - vegan_share) * ef_meal_vegetarian + vegan_share * ef_meal_vegan
    items = {
        "viande_rouge": red * ef_meal_red_meat * farm,
        "viande_blanche": white * ef_meal_white_meat * farm,
        "poisson": fish * ef_meal_fish * farm,
        "vegetarien": veg * veg_factor * farm,
        "petit_dejeuner": breakfasts * ef_breakfast * farm,
    }
    eaten = (items["viande_rouge"] + items["viande_blanche"] + items["poisson"]
             + items["vegetarien"] + items["petit_dejeuner"])
    items["boissons"] = (coffee_l * ef_coffee + milk_l * ef_milk
                         + alcohol_l * 0.5 * (ef_beer + ef_wine)
                         + soda_l * ef_soda + bottled_water_l * ef_bottled_water) * farm
    # Food bought = food eaten / (1 - waste share): the waste is an extra purchase.
    items["gaspillage"] = eaten * food_waste_share / (1.0 - food_waste_share)
    return items


@equation("batiment")
def buildings(*, floor_area_m2, heat_share_gas, heat_share_oil, heat_share_elec, heat_share_hp,
              heat_share_wood, heat_share_dh, heat_kwh_gas, heat_kwh_oil, heat_kwh_elec,
              heat_kwh_hp, heat_kwh_wood, heat_kwh_dh, heating_index, fossil_to_hp_share,
              fossil_to_dh_share, renovated_share, renovation_saving, dh_index, gas_index,
              dhw_cooking_gas_kwh, dhw_cooking_elec_kwh, dhw_oil_kwh, dhw_wood_kwh, dhw_dh_kwh,
              dhw_cooking_lpg_kwh, specific_elec_kwh, elec_index, ac_kg, ac_elec_kwh, ac_index,
              other_housing_kg, apartment_share, new_dwellings_per_person, new_dwelling_area_m2,
              new_building_index, building_lifetime_years, upkeep_period_years,
              renovation_period_years, hotel_nights, camping_nights, rental_nights,
              industry_index, ef_elec, ef_gas, ef_oil, ef_wood, ef_dh, ef_lpg, ef_build_apartment,
              ef_build_house, ef_upkeep, ef_renovation, ef_insulation, ef_hotel_night,
              ef_camping_night, ef_rental_night):
    """Building emissions by sub-item [kgCO2e/person/yr].

    Heating = floor area × Σ (share of area heated with energy *e* × kWh/m² of *e* × factor of
    *e*), with the heating need scaled by the set-point/climate index and by renovation.
    Heat pumps and district heating replace gas and oil heating, area for area.

    Construction is the flow of **new** dwellings (new dwellings per inhabitant and per year ×
    their floor area × the factor per m²), never the existing stock. Works on the existing stock
    (upkeep every ``upkeep_period_years``, second-work renovation every
    ``renovation_period_years``, insulation of the dwellings renovated by the renovation lever)
    are charged to its floor area. Holiday accommodation is housing away from home, as in Nos
    Gestes Climat.

    Parameters
    ----------
    floor_area_m2 : float or array
        [m²/person].
    heat_share_* , fossil_to_*_share, renovated_share, renovation_saving, apartment_share :
    float or array
        Shares [-].
    heat_kwh_* : float or array
        Heating use of the area heated with each energy [kWh/m²/yr].
    dhw_*_kwh, specific_elec_kwh, ac_elec_kwh : float or array
        Hot water and cooking by energy, appliances, air conditioning [kWh/person/yr].
    ac_kg, other_housing_kg : float or array
        [kgCO2e/person/yr].
    new_dwellings_per_person : float or array
        [dwelling/person/yr].
    new_dwelling_area_m2 : float or array
        [m²/dwelling].
    building_lifetime_years, upkeep_period_years, renovation_period_years : float
        [yr], at least 1.
    hotel_nights, camping_nights, rental_nights : float or array
        [night/person/yr].
    heating_index, dh_index, gas_index, elec_index, ac_index, new_building_index,
    industry_index : float or array
        Multipliers [-] (1 today).
    ef_elec, ef_gas, ef_oil, ef_wood, ef_dh, ef_lpg : float or array
        [kgCO2e/kWh].
    ef_build_apartment, ef_build_house, ef_upkeep, ef_renovation, ef_insulation : float or array
        [kgCO2e/m²].
    ef_*_night : float or array
        [kgCO2e/night].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    elec = ef_elec * elec_index
    fossil_kept = 1.0 - fossil_to_hp_share - fossil_to_dh_share
    fossil = heat_share_gas + heat_share_oil
    need = heating_index * (1.0 - renovated_share * renovation_saving)
    heated = floor_area_m2 * need  # m² per person, weighted by the heating need
    heating = {  # [kgCO2e/m²/yr] by energy, on the area heated with it
        "chauffage_gaz": heat_share_gas * fossil_kept * heat_kwh_gas * ef_gas * gas_index,
        "chauffage_fioul": heat_share_oil * fossil_kept * heat_kwh_oil * ef_oil,
        "chauffage_electrique": (heat_share_elec * heat_kwh_elec
                                 + (heat_share_hp + fossil * fossil_to_hp_share)
                                 * heat_kwh_hp) * elec,
        "chauffage_bois": heat_share_wood * heat_kwh_wood * ef_wood,
        "chauffage_reseau": (heat_share_dh + fossil * fossil_to_dh_share)
        * heat_kwh_dh * ef_dh * dh_index,
    }
    build_factor = (apartment_share * ef_build_apartment
                    + (1.0 - apartment_share) * ef_build_house)
    nights = (hotel_nights * ef_hotel_night + camping_nights * ef_camping_night
              + rental_nights * ef_rental_night)
    return {
        **{item: heated * per_m2 for item, per_m2 in heating.items()},
        "eau_chaude_cuisson": (dhw_cooking_gas_kwh * ef_gas * gas_index
                               + dhw_cooking_elec_kwh * elec + dhw_oil_kwh * ef_oil
                               + dhw_wood_kwh * ef_wood + dhw_dh_kwh * ef_dh * dh_index
                               + dhw_cooking_lpg_kwh * ef_lpg),
        "electricite": specific_elec_kwh * elec,
        "climatisation": (ac_kg + ac_elec_kwh * elec) * ac_index,
        "construction": (new_dwellings_per_person * new_dwelling_area_m2 * build_factor
                         * new_building_index * industry_index),
        # Works on the existing stock, plus insulation works of renovated dwellings spread over
        # the building lifetime (the renovation lever's rebound, docs/methodologie.md).
        "travaux": floor_area_m2 * (ef_upkeep / upkeep_period_years
                                    + ef_renovation / renovation_period_years
                                    + renovated_share * ef_insulation
                                    / building_lifetime_years) * industry_index,
        "loisirs": nights * industry_index,
        "autres_logement": other_housing_kg * industry_index,
    }


@equation("economie")
def economy(*, smartphones_per_year, laptops_per_year, tvs_per_year, tablets_per_year,
            internet_hours_per_day, tshirts_per_year, jeans_per_year, sweaters_per_year,
            coats_per_year, shoes_per_year, washers_per_year, fridges_per_year,
            dishwashers_per_year, ovens_per_year, beds_per_year, sofas_per_year,
            wardrobes_per_year, tables_per_year, chairs_per_year, other_goods_kg, goods_index,
            industry_index, elec_index, digital_index, days_per_year, ef_smartphone, ef_laptop,
            ef_tv, ef_tablet, ef_internet_hour, ef_tshirt, ef_jeans, ef_sweater, ef_coat,
            ef_shoes, ef_washer, ef_fridge, ef_dishwasher, ef_oven, ef_bed, ef_sofa,
            ef_wardrobe, ef_table, ef_chair, ef_market_services):
    """Economy emissions by sub-item [kgCO2e/person/yr].

    Goods are charged for their manufacture, distribution and end of life only: the
    electricity they use at home (appliances, devices, washing clothes) is in the housing
    electricity (:func:`buildings`), so no factor here includes a use phase.

    Parameters
    ----------
    *_per_year : float or array
        Purchases [item/person/yr].
    internet_hours_per_day : float or array
        [h/day/person].
    other_goods_kg : float or array
        [kgCO2e/person/yr].
    goods_index, industry_index, elec_index : float or array
        Multipliers [-] (1 today).
    digital_index : float or array
        The whole digital footprint (devices and networks) [-] (1 today): the ADEME-Arcep
        projections are about this footprint, most of which is devices.
    days_per_year : float
        [day/yr].
    ef_smartphone … ef_chair : float or array
        Factors without use phase [kgCO2e/item].
    ef_internet_hour : float or array
        Networks and data centres [kgCO2e/h].
    ef_market_services : float or array
        Aggregate [kgCO2e/person/yr].

    Returns
    -------
    dict
        Item id -> emissions [kgCO2e/person/yr].
    """
    goods = goods_index * industry_index
    devices = (smartphones_per_year * ef_smartphone + laptops_per_year * ef_laptop
               + tvs_per_year * ef_tv + tablets_per_year * ef_tablet) * goods
    internet = internet_hours_per_day * days_per_year * ef_internet_hour * elec_index
    clothes = (tshirts_per_year * ef_tshirt + jeans_per_year * ef_jeans
               + sweaters_per_year * ef_sweater + coats_per_year * ef_coat
               + shoes_per_year * ef_shoes) * goods
    appliances = (washers_per_year * ef_washer + fridges_per_year * ef_fridge
                  + dishwashers_per_year * ef_dishwasher + ovens_per_year * ef_oven)
    furniture = (beds_per_year * ef_bed + sofas_per_year * ef_sofa
                 + wardrobes_per_year * ef_wardrobe + tables_per_year * ef_table
                 + chairs_per_year * ef_chair)
    return {
        "numerique": (devices + internet) * digital_index,
        "textile": clothes,
        "electromenager": appliances * goods,
        "ameublement": furniture * goods,
        "autres_biens": other_goods_kg * goods,
        "services_marchands": ef_market_services * industry_index,
    }


@equation("services_publics")
def public_services(*, public_services_index, industry_index, ef_public_services):
    """Public-service emissions [kgCO2e/person/yr]: the shared per-inhabitant share.

    Only collective levers and the scenario context move it.

    Parameters
    ----------
    public_services_index, industry_index : float or array
        Multipliers [-] (1 today).
    ef_public_services : float or array
        Aggregate [kgCO2e/person/yr].
    """
    return {"services_publics": ef_public_services * public_services_index * industry_index}


def emissions(values: Mapping[str, object], sectors) -> dict[str, dict]:
    """Emissions of every sector and sub-item [kgCO2e/person/yr].

    Parameters
    ----------
    values : mapping
        Parameters and factor roles by name (floats or broadcastable arrays).
    sectors : iterable of str
        Sector ids, in display order.

    Returns
    -------
    dict
        Sector -> {item -> value}.
    """
    return {sector: EQUATIONS[sector](values) for sector in sectors}
