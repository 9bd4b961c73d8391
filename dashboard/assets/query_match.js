/* media-analytics dashboard: the Articles table's "where it matches" cell. The row's `match_pieces`
   are [text, is a word of the text query] pairs (dashboard.logic.grid.row_of); each is rendered as
   a text node, the query's words inside <mark class="query-match">, so nothing of an article is
   ever read as HTML. */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.QueryMatch = function (props) {
    var pieces = (props.data && props.data.match_pieces) || [];
    return React.createElement(
        "span",
        { className: "query-snippet" },
        pieces.map(function (piece, i) {
            return piece[1]
                ? React.createElement("mark", { key: i, className: "query-match" }, piece[0])
                : React.createElement(React.Fragment, { key: i }, piece[0]);
        })
    );
};
