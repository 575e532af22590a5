package org.sentimentstream.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sentimentstream.cli.sql.SqlScript.Statement;

import java.util.List;
import java.util.Map;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsAndKnowsWhereEachStatementStarts() {
        String script = """
                -- the model; scored below
                CREATE MODEL m
                  WITH ('provider' = 'sentiment-tensorflow');

                SELECT 1;
                SELECT 2""";
        assertEquals(List.of(new Statement(2, "CREATE MODEL m\n  WITH ('provider' = 'sentiment-tensorflow')"),
                new Statement(5, "SELECT 1"), new Statement(6, "SELECT 2")), SqlScript.statements(script));
    }

    @Test
    void aSemicolonInAStringANameOrACommentDoesNotSplit() {
        String script = "SELECT 'a;b', 'it''s;', `x;y` /* c;\nd */ FROM t; -- e; f\nSELECT \"g;h\";";
        assertEquals(List.of(new Statement(1, "SELECT 'a;b', 'it''s;', `x;y`   FROM t"),
                new Statement(3, "SELECT \"g;h\"")), SqlScript.statements(script));
    }

    @Test
    void blankStatementsAndTrailingCommentsAreNoStatements() {
        assertEquals(List.of(), SqlScript.statements(" ;\n;  -- nothing\n/* nor here */ ;"));
    }

    @Test
    void substitutesTheNamedValues() {
        assertEquals("'model-dir' = '/m', 'b' = 'k:9092', '${other}'", SqlScript.substitute(
                "'model-dir' = '${model-dir}', 'b' = '${bootstrap-servers}', '${other}'",
                Map.of("model-dir", "/m", "bootstrap-servers", "k:9092")));
    }
}
