using System.ComponentModel;

namespace Accountability.Admin.Cli;

/// <summary>An option's or argument's help text, in English as written and in the current language when shown.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class TextAttribute(string english) : DescriptionAttribute(english)
{
    public string English { get; } = english;

    public override string Description => Spectre.Console.Markup.Escape(Texts.T(English));
}
