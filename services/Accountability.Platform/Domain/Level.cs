namespace Accountability.Platform.Domain;

/// <summary>
/// Administrative level of an organ or a cadre's post (市/县/乡镇/村, and 省 for cadres managed
/// above the city). Values match accountability.common.v1.Level, so the API maps by number.
/// </summary>
public enum Level
{
    Unspecified = 0,
    City = 1,
    County = 2,
    Township = 3,
    Village = 4,
    Province = 5,
}
