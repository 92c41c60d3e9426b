using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>Every Notifications options class is checked when the host starts: a bad value stops it, naming the setting.</summary>
public sealed class OptionsAtStartTests
{
    [Theory]
    [InlineData("Notifications:PublicBaseUrl", "urssaf-account.fr", "Notifications:PublicBaseUrl")]
    [InlineData("Notifications:FromAddress", "not an address", "Notifications:FromAddress")]
    [InlineData("Notifications:MaxDeliveryAttempts", "0", "Notifications:MaxDeliveryAttempts")]
    [InlineData("Notifications:DeliveryLeaseSeconds", "1", "Notifications:DeliveryLeaseSeconds")]
    [InlineData("Notifications:Smtp:Port", "70000", "Notifications:Smtp:Port")]
    [InlineData("Notifications:SmsGateway:Url", "sms.example/send", "Notifications:SmsGateway:Url")]
    [InlineData("Notifications:Reminders:DaysBefore:0", "-3", "Notifications:Reminders:DaysBefore")]
    [InlineData("Notifications:RegulatoryWatch:NoticeDays", "0", "Notifications:RegulatoryWatch:NoticeDays")]
    [InlineData("Notifications:PaymentReminders:DaysBefore:0", "400", "Notifications:PaymentReminders:DaysBefore")]
    [InlineData("Support:PhoneNumber", " ", "Support:PhoneNumber")]
    [InlineData("Notifications:Messaging:TargetReplyHours", "0", "Notifications:Messaging:TargetReplyHours")]
    public void A_bad_value_stops_the_host_at_start(string key, string value, string named)
    {
        using var app = new UrssafApp().With(key, value);
        var error = Assert.ThrowsAny<Exception>(() => app.Services).ToString();
        Assert.Contains(named, error);
    }

    [Fact]
    public void The_default_values_start()
    {
        using var app = new UrssafApp();
        Assert.NotNull(app.Services);
    }
}
