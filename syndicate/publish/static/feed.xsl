<?xml version="1.0" encoding="UTF-8"?>
<!--
  Turns an RSS 2.0 or Atom 1.0 feed of syndicate into a readable page when a browser
  opens it directly: title, how to subscribe, and the list of articles.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:fh="http://purl.org/syndication/history/1.0"
    exclude-result-prefixes="atom dc fh">
  <xsl:output method="html" version="5.0" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="subtitle" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="archive" select="/rss/channel/fh:archive | /atom:feed/fh:archive"/>
  <xsl:variable name="links" select="/rss/channel/atom:link | /atom:feed/atom:link"/>
  <!-- The same document in every format sits beside this one under another extension,
       a served feed's query kept: ".../dak-to.rss?q=x" and ".../dak-to.json?q=x". -->
  <xsl:variable name="extension">
    <xsl:choose>
      <xsl:when test="/rss">.rss</xsl:when>
      <xsl:otherwise>.atom</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="path">
    <xsl:choose>
      <xsl:when test="contains($self, '?')"><xsl:value-of select="substring-before($self, '?')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$self"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="query">
    <xsl:if test="contains($self, '?')"><xsl:value-of select="concat('?', substring-after($self, '?'))"/></xsl:if>
  </xsl:variable>
  <xsl:variable name="stem-length" select="string-length($path) - string-length($extension)"/>
  <xsl:variable name="stem">
    <xsl:if test="$stem-length &gt; 0 and substring($path, $stem-length + 1) = $extension">
      <xsl:value-of select="substring($path, 1, $stem-length)"/>
    </xsl:if>
  </xsl:variable>
  <!-- Minutes east of UTC of the province's time zone; the publisher writes the
       configured zone's offset here. Feeds carry UTC; a reader wants local time. -->
  <xsl:variable name="zone-offset" select="420"/>

  <xsl:template match="/">
    <html lang="vi">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> — nguồn tin</title>
        <style>
          :root { color-scheme: light dark; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa; --accent: #0b5cad; }
          @media (prefers-color-scheme: dark) { :root { --muted: #9aa5b1; --line: #30363d; --card: #161b22; --accent: #6cb6ff; } }
          body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          header, main { max-width: 48rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
          h1 { font-size: 1.5rem; margin: .5rem 0; }
          a { color: var(--accent); }
          .muted, time { color: var(--muted); }
          .hint { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem; }
          .hint code { word-break: break-all; }
          article { border-bottom: 1px solid var(--line); padding: 1rem 0; overflow-wrap: anywhere; }
          article h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
          article p { margin: .4rem 0 0; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="muted"><xsl:value-of select="$subtitle"/></p>
          <div class="hint">
            <xsl:choose>
              <xsl:when test="$archive">
                <p>Đây là một trang lưu trữ: nội dung của trang này không thay đổi nữa.</p>
              </xsl:when>
              <xsl:otherwise>
                <p>Đây là một nguồn tin (feed). Để theo dõi, hãy sao chép địa chỉ dưới đây vào ứng dụng đọc tin của bạn:</p>
              </xsl:otherwise>
            </xsl:choose>
            <p><code><xsl:value-of select="$self"/></code></p>
            <xsl:if test="string($stem)">
              <p class="formats">Định dạng:
                <xsl:call-template name="format">
                  <xsl:with-param name="name">RSS</xsl:with-param>
                  <xsl:with-param name="ext">.rss</xsl:with-param>
                </xsl:call-template> ·
                <xsl:call-template name="format">
                  <xsl:with-param name="name">Atom</xsl:with-param>
                  <xsl:with-param name="ext">.atom</xsl:with-param>
                </xsl:call-template> ·
                <xsl:call-template name="format">
                  <xsl:with-param name="name">JSON Feed</xsl:with-param>
                  <xsl:with-param name="ext">.json</xsl:with-param>
                </xsl:call-template>
              </p>
            </xsl:if>
            <p class="history">
              <xsl:if test="$links[@rel='current']">
                <a rel="current" href="{$links[@rel='current']/@href}">Nguồn tin hiện tại</a> ·
              </xsl:if>
              <xsl:if test="$links[@rel='next-archive']">
                <a rel="next-archive" href="{$links[@rel='next-archive']/@href}">Tin mới hơn</a> ·
              </xsl:if>
              <xsl:if test="$links[@rel='prev-archive']">
                <a rel="prev-archive" href="{$links[@rel='prev-archive']/@href}">Tin cũ hơn</a> ·
              </xsl:if>
              <a href="{$home}">Trang gốc</a>
            </p>
          </div>
        </header>
        <main>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          <xsl:if test="not(/rss/channel/item | /atom:feed/atom:entry)">
            <p class="muted">Chưa có tin bài.</p>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article>
      <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <!-- "Mon, 13 Jan 2025 17:00:00 +0000", as syndicate writes it: always UTC -->
      <xsl:variable name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>
      <!-- HTML reads a datetime attribute in RFC 3339 form only -->
      <time datetime="{concat(substring(pubDate, 13, 4), '-', format-number($month, '00'), '-', substring(pubDate, 6, 2), 'T', substring(pubDate, 18, 8), 'Z')}">
        <xsl:call-template name="local-time">
          <xsl:with-param name="year" select="number(substring(pubDate, 13, 4))"/>
          <xsl:with-param name="month" select="$month"/>
          <xsl:with-param name="day" select="number(substring(pubDate, 6, 2))"/>
          <xsl:with-param name="hour" select="number(substring(pubDate, 18, 2))"/>
          <xsl:with-param name="minute" select="number(substring(pubDate, 21, 2))"/>
        </xsl:call-template>
      </time>
      <xsl:if test="dc:creator"> · <span><xsl:value-of select="dc:creator"/></span></xsl:if>
      <!-- description is HTML: the plain summary escaped (so no "<" once parsed), or
           the content when there is no summary, which is not shown, as in Atom. The
           summary is unescaped here and written as text: disable-output-escaping would
           put whatever markup the feed holds live into this page (and Firefox ignores it). -->
      <xsl:if test="description and not(contains(description, '&lt;'))">
        <p>
          <xsl:call-template name="unescape">
            <xsl:with-param name="text" select="string(description)"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article>
      <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <!-- "2025-01-13T17:00:00Z", in UTC -->
      <time datetime="{atom:published}">
        <xsl:call-template name="local-time">
          <xsl:with-param name="year" select="number(substring(atom:published, 1, 4))"/>
          <xsl:with-param name="month" select="number(substring(atom:published, 6, 2))"/>
          <xsl:with-param name="day" select="number(substring(atom:published, 9, 2))"/>
          <xsl:with-param name="hour" select="number(substring(atom:published, 12, 2))"/>
          <xsl:with-param name="minute" select="number(substring(atom:published, 15, 2))"/>
        </xsl:call-template>
      </time>
      <xsl:if test="atom:author/atom:name"> · <span><xsl:value-of select="atom:author/atom:name"/></span></xsl:if>
      <!-- An entry with neither summary nor content carries its title as its summary
           (Atom asks for one): not shown twice. -->
      <xsl:if test="atom:summary and string(atom:summary) != string(atom:title)"><p><xsl:value-of select="atom:summary"/></p></xsl:if>
    </article>
  </xsl:template>

  <!-- One format's link; the format shown is named without one. -->
  <xsl:template name="format">
    <xsl:param name="name"/>
    <xsl:param name="ext"/>
    <xsl:choose>
      <xsl:when test="$ext = $extension"><strong><xsl:value-of select="$name"/></strong></xsl:when>
      <xsl:otherwise><a href="{concat($stem, $ext, $query)}"><xsl:value-of select="$name"/></a></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text escaped as HTML by Python's html.escape(quote=False), unescaped: every "&"
       in it starts one of &amp; &lt; &gt;. One call per "&" (a summary is short). -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:variable name="name" select="substring-before($rest, ';')"/>
        <xsl:choose>
          <xsl:when test="$name = 'lt'">&lt;</xsl:when>
          <xsl:when test="$name = 'gt'">&gt;</xsl:when>
          <xsl:when test="$name = 'amp'">&amp;</xsl:when>
          <xsl:otherwise>&amp;</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="unescape">
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="$name = 'lt' or $name = 'gt' or $name = 'amp'">
                <xsl:value-of select="substring-after($rest, ';')"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="$rest"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A UTC time as "dd/mm/yyyy HH:MM" in the province's zone; the day alone at local
       midnight, which is how a portal that prints only the day is stored. -->
  <xsl:template name="local-time">
    <xsl:param name="year"/>
    <xsl:param name="month"/>
    <xsl:param name="day"/>
    <xsl:param name="hour"/>
    <xsl:param name="minute"/>
    <xsl:variable name="total" select="$hour * 60 + $minute + $zone-offset"/>
    <xsl:variable name="shift" select="floor($total div 1440)"/>
    <xsl:variable name="clock" select="$total - $shift * 1440"/>
    <xsl:variable name="length">
      <xsl:call-template name="month-length">
        <xsl:with-param name="year" select="$year"/>
        <xsl:with-param name="month" select="$month"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="before-length">
      <xsl:call-template name="month-length">
        <xsl:with-param name="year" select="$year - ($month = 1)"/>
        <xsl:with-param name="month" select="($month + 10) mod 12 + 1"/>
      </xsl:call-template>
    </xsl:variable>
    <!-- An offset under a day moves the date one day at most, either way. -->
    <xsl:variable name="d">
      <xsl:choose>
        <xsl:when test="$shift &gt; 0 and $day = $length">1</xsl:when>
        <xsl:when test="$shift &lt; 0 and $day = 1"><xsl:value-of select="$before-length"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$day + $shift"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="m">
      <xsl:choose>
        <xsl:when test="$shift &gt; 0 and $day = $length"><xsl:value-of select="$month mod 12 + 1"/></xsl:when>
        <xsl:when test="$shift &lt; 0 and $day = 1"><xsl:value-of select="($month + 10) mod 12 + 1"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$month"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="y">
      <xsl:choose>
        <xsl:when test="$shift &gt; 0 and $day = $length and $month = 12"><xsl:value-of select="$year + 1"/></xsl:when>
        <xsl:when test="$shift &lt; 0 and $day = 1 and $month = 1"><xsl:value-of select="$year - 1"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$year"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="concat(format-number($d, '00'), '/', format-number($m, '00'), '/', $y)"/>
    <xsl:if test="$clock != 0">
      <xsl:value-of select="concat(' ', format-number(floor($clock div 60), '00'), ':', format-number($clock mod 60, '00'))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="month-length">
    <xsl:param name="year"/>
    <xsl:param name="month"/>
    <xsl:choose>
      <xsl:when test="$month = 2">
        <xsl:value-of select="28 + (($year mod 4 = 0 and $year mod 100 != 0) or $year mod 400 = 0)"/>
      </xsl:when>
      <xsl:when test="$month = 4 or $month = 6 or $month = 9 or $month = 11">30</xsl:when>
      <xsl:otherwise>31</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
